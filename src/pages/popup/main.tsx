import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AttachReport } from '../../pure/protocol/settings.ts';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { call } from '../../messaging/call.ts';
import { INVENTORY_PAGE, WELCOME_PAGE } from '../../pure/links.ts';

/** The active tab's report: when Keysmith could not attach there, the outline is offered for copying. */
function useAttachReport(): AttachReport | null {
  const [report, setReport] = useState<AttachReport | null>(null);
  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return;
      setReport(await call({ op: 'getAttachReport', tabId: tab.id }));
    })().catch(() => {});
  }, []);
  return report;
}

function CouldNotAttach({ report }: { report: AttachReport }) {
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(report.outline ?? '').then(
      () => setCopied('Copied. Paste it into a bug report: it holds no values and no key-like text.'),
      () => setCopied('The browser did not allow copying.'),
    );
  return (
    <div role="status">
      <p>Keysmith could not attach to this page’s key dialog{report.reason ? ` (${report.reason})` : ''}. The portal works as before.</p>
      {report.outline && (
        <button type="button" class="secondary" onClick={() => void copy()}>
          Copy dialog outline
        </button>
      )}
      {copied && <p class="muted">{copied}</p>}
    </div>
  );
}

function Popup() {
  const { session, error } = useSession();
  const report = useAttachReport();
  return (
    <main style={{ padding: '12px' }}>
      <h1 style={{ fontSize: '16px' }}>Keysmith</h1>
      {error && <p class="bad">{error}</p>}
      {session && !session.hasToken && <p>No Personal Access Token is set.</p>}
      {report && !report.attached && <CouldNotAttach report={report} />}
      {session?.hasToken && (
        <p>
          Token for <strong>{session.user?.name ?? 'unknown'}</strong> {session.user && <span class="muted">({session.user.id})</span>}
        </p>
      )}
      <div class="row">
        <button type="button" onClick={() => void call({ op: 'openResults' }).then(() => window.close())}>
          Create keys for several apps
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL(INVENTORY_PAGE) }).then(() => window.close())}
        >
          Key inventory
        </button>
        <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
          Open options
        </button>
      </div>
      <p>
        <a href={`/${WELCOME_PAGE}`} target="_blank" rel="noopener">
          What Keysmith does and keeps
        </a>
      </p>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);

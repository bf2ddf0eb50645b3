import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AttachReport } from '../../pure/protocol/settings.ts';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { call } from '../../messaging/call.ts';
import { INVENTORY_PAGE, WELCOME_PAGE } from '../../pure/links.ts';
import { t } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';

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
      () => setCopied(t('outlineCopied')),
      () => setCopied(t('outlineCopyRefused')),
    );
  return (
    <div role="status">
      <p>{report.reason ? t('popupCouldNotAttachWhy', report.reason) : t('popupCouldNotAttach')}</p>
      {report.outline && (
        <button type="button" class="secondary" onClick={() => void copy()}>
          {t('outlineCopy')}
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
      <h1 style={{ fontSize: '16px' }}>{t('extShortName')}</h1>
      {error && <p class="bad">{error}</p>}
      {session && !session.hasToken && <p>{t('sessionNoToken')}</p>}
      {report && !report.attached && <CouldNotAttach report={report} />}
      {session?.hasToken && (
        <p>
          {session.user ? tx('popupTokenFor', <strong>{session.user.name}</strong>, <span class="muted">{session.user.id}</span>) : t('popupTokenForUnknown')}
        </p>
      )}
      <div class="row">
        <button type="button" onClick={() => void call({ op: 'openResults' }).then(() => window.close())}>
          {t('popupBulk')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL(INVENTORY_PAGE) }).then(() => window.close())}
        >
          {t('keyInventory')}
        </button>
        <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
          {t('popupOpenOptions')}
        </button>
      </div>
      <p>
        <a href={`/${WELCOME_PAGE}`} target="_blank" rel="noopener">
          {t('popupWelcome')}
        </a>
      </p>
    </main>
  );
}

document.title = t('extShortName');
render(<Popup />, document.getElementById('app')!);

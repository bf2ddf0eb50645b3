import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { parseOptionsFragment } from '../../pure/links.ts';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { ApiSection } from './ApiSection.tsx';
import { BatchingSection } from './BatchingSection.tsx';
import { LeastPrivilege } from './LeastPrivilege.tsx';
import { PresetsSection } from './PresetsSection.tsx';
import { TokenSection } from './TokenSection.tsx';
import { t } from '../../i18n/i18n.ts';

function Options() {
  const { session, setSession, error } = useSession();
  // A preset saved from Least privilege: the presets' list is read again.
  const [presetsSeen, setPresetsSeen] = useState(0);
  // Opened from the portal's panel: the Least privilege section, showing the dialog's ticks.
  const [link, setLink] = useState(() => parseOptionsFragment(location.hash));
  useEffect(() => {
    const on = () => setLink(parseOptionsFragment(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    if (link.section === 'least') document.getElementById('least-h')?.scrollIntoView();
  }, [link]);
  return (
    <main>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> {t('extName')}
      </h1>
      <p class="muted">{t('optTagline')}</p>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <TokenSection session={session} onSession={setSession} />
      <PresetsSection key={presetsSeen} />
      <LeastPrivilege onSaved={() => setPresetsSeen((n) => n + 1)} ticks={link.ticks} presetsSeen={presetsSeen} />
      <ApiSection onSession={setSession} />
      <BatchingSection />
    </main>
  );
}

document.title = t('optPageTitle');
render(<Options />, document.getElementById('app')!);

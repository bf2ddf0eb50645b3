/**
 * Keysmith's own page for bulk jobs: start one from a preset (./NewJob.tsx, when the portal's
 * dialog cannot be used), start or discard one the portal's panel proposed (`#confirm=<id>`,
 * ./Confirm.tsx), see a job's results (`#<job id>`, ./Results.tsx: the only place created key ids
 * are shown, masked until revealed), start one with a chosen preset (`#new=<preset id>`, the Least
 * privilege section's link), and the history of past jobs (./History.tsx, no secrets).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../pages.css';
import '../../ui/panel.css'; // the bulk form's styles, shared with the in-page panel
import { Confirm } from './Confirm.tsx';
import { History } from './History.tsx';
import { NewJob } from './NewJob.tsx';
import { parseNewJobFragment } from '../../pure/links.ts';
import { Results } from './Results.tsx';
import { t } from '../../i18n/i18n.ts';

function Page() {
  const [hash, setHash] = useState(location.hash.slice(1));
  useEffect(() => {
    const on = () => setHash(location.hash.slice(1));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const confirmId = /^confirm=(.+)$/.exec(hash)?.[1];
  const isNew = hash.startsWith('new=');
  return (
    <main style={{ maxWidth: '1100px' }}>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> {t('resPageTitle')}
      </h1>
      {confirmId ? (
        <Confirm id={confirmId} onStarted={(jobId) => location.replace(`#${jobId}`)} />
      ) : hash && !isNew ? (
        <Results jobId={hash} />
      ) : (
        <NewJob presetId={parseNewJobFragment(hash)} />
      )}
      <History />
    </main>
  );
}

document.title = t('resPageTitle');
render(<Page />, document.getElementById('app')!);

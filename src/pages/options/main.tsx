import { render } from 'preact';
import { useState } from 'preact/hooks';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { ApiSection } from './ApiSection.tsx';
import { LeastPrivilege } from './LeastPrivilege.tsx';
import { PresetsSection } from './PresetsSection.tsx';
import { TokenSection } from './TokenSection.tsx';

function Options() {
  const { session, setSession, error } = useSession();
  // A preset saved from Least privilege: the presets' list is read again.
  const [presetsSeen, setPresetsSeen] = useState(0);
  return (
    <main>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> Keysmith for Clarifai
      </h1>
      <p class="muted">Scope presets in the portal’s create-key dialog, and keys for many apps at once.</p>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <TokenSection session={session} onSession={setSession} />
      <PresetsSection key={presetsSeen} />
      <LeastPrivilege onSaved={() => setPresetsSeen((n) => n + 1)} />
      <ApiSection onSession={setSession} />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);

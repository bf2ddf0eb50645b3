import { render } from 'preact';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { ApiSection } from './ApiSection.tsx';
import { PresetsSection } from './PresetsSection.tsx';
import { TokenSection } from './TokenSection.tsx';

function Options() {
  const { session, setSession, error } = useSession();
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
      <PresetsSection />
      <ApiSection onSession={setSession} />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);

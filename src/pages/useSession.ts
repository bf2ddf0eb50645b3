/** Extension pages' view of the worker's session (never the PAT: its owner and last four characters). */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../messaging/call.ts';
import type { SessionView } from '../pure/protocol/session.ts';

export function useSession() {
  const [session, setSession] = useState<SessionView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    call({ op: 'getSession' }).then(setSession, (e) => setError(errorText(e)));
  }, []);
  return { session, setSession, error };
}

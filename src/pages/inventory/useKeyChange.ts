/** The worker's change of keys (delete, change scopes): the one running or the last one, read again four times a second while it runs. */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { Request } from '../../pure/protocol/index.ts';
import type { KeyChangeView } from '../../pure/protocol/key-changes.ts';

const POLL_MS = 250;

export function useKeyChange(onEnded: () => void) {
  const [task, setTask] = useState<KeyChangeView | null>(null);
  const [error, setError] = useState('');
  const take = (p: Promise<KeyChangeView | null>) =>
    p.then(
      (t) => {
        setTask(t);
        setError('');
      },
      (e) => setError(errorText(e)),
    );
  useEffect(() => void take(call({ op: 'getKeyChange' })), []);
  const running = task?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const t = setTimeout(() => void take(call({ op: 'getKeyChange' })), POLL_MS);
    return () => clearTimeout(t);
  }, [task]);
  // The inventory follows each change the worker made: read it again when a task ends.
  useEffect(() => {
    if (task && !running) onEnded();
  }, [task?.id, running]);
  return {
    task,
    error,
    start: (req: Omit<Request<'startKeyChange'>, 'op'>) => take(call({ op: 'startKeyChange', ...req })),
    stop: () => take(call({ op: 'cancelKeyChange' })),
    resume: () => take(call({ op: 'resumeKeyChange' })),
    dismiss: () => take(call({ op: 'dismissKeyChange' }).then(() => null)),
  };
}

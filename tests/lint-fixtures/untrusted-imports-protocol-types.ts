// Linted as src/untrusted/fixture.ts: must pass (types only).
import type { SessionView } from '../pure/protocol.ts';

export const none: SessionView | undefined = undefined;

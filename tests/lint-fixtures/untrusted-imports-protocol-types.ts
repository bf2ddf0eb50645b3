// Linted as src/untrusted/fixture.ts: must pass (types only, from the whole and from an area).
import type { Request } from '../pure/protocol/index.ts';
import type { SessionView } from '../pure/protocol/session.ts';

export const none: SessionView | Request | undefined = undefined;

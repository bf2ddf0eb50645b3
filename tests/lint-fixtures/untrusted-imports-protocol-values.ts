// Linted as src/untrusted/fixture.ts: must fail twice (values, so valibot's schemas come along).
import { OPERATIONS } from '../pure/protocol/index.ts';
import { PatSchema } from '../pure/protocol/session.ts';

export const ops = [OPERATIONS, PatSchema];

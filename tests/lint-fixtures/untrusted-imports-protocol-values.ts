// Linted as src/untrusted/fixture.ts: must fail (a value, so valibot's schemas come along).
import { OPERATIONS } from '../pure/protocol.ts';

export const ops = OPERATIONS;

// Linted as src/pure/bulk/fixture.ts: must fail.
import { ORG_ID } from '../../../tests/sandbox/constants.ts';

export const org = ORG_ID;

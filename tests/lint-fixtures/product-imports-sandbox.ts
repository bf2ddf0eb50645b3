// Linted as src/privileged/fixture.ts: must fail.
import { SANDBOX_PAT } from '../../sandbox/state.ts';

export const pat = SANDBOX_PAT;

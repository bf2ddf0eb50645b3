// Linted as src/pages/options/fixture.ts: must fail.
import * as vault from '../../privileged/vault.ts';

export const v = vault;

// Linted as src/privileged/fixture.ts: must fail.
import { readDialog } from '../untrusted/portal-dom/index.ts';

export const r = readDialog;

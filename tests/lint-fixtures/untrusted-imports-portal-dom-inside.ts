// Linted as src/untrusted/fixture.ts: must fail (a file inside the portal module, not its entry).
import { readDialog } from './portal-dom/boxes.ts';

export const r = readDialog;

// Linted as src/pure/bulk/fixture.ts, scripts/fixture.ts and sandbox/fixture.ts: must fail.
import browser from '../../../tests/fakes/browser.ts';

export const b = browser;

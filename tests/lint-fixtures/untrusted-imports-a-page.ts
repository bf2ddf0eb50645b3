// Linted as src/untrusted/fixture.ts: must fail (an extension page's code, with its polyfill).
import { download } from '../pages/download.ts';

export const d = download;

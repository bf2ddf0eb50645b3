// Linted as src/pure/fixture.ts: must fail twice (the polyfill, the DOM).
import browser from 'webextension-polyfill';

export const title = document.title;
export const api = browser;

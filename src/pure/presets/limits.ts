/**
 * How long a preset's name and description may be. A module of its own, with no imports, so that
 * the content script's form can use them without bringing the schemas (./io.ts) along.
 */
export const MAX_NAME = 80;
export const MAX_DESCRIPTION = 500;

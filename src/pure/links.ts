/**
 * Links between Keysmith's pages that carry a little state in the URL's fragment: the dialog's
 * ticked scopes for the Least privilege section, a preset to start a bulk job or a scope change
 * with, the scopes an explained error says a key lacks. What a link carries is only ever shown or
 * preselected: the person still acts on the page, and nothing is sent on a link's word.
 *
 * Parsing is strict and bounded: unknown scope names are dropped, a preset id must look like one.
 */
import { EXPOSED_SCOPES, isExposed, sortScopes } from './scopes/catalogue.ts';

export const OPTIONS_PAGE = 'src/pages/options/index.html';
export const RESULTS_PAGE = 'src/pages/results/index.html';
export const INVENTORY_PAGE = 'src/pages/inventory/index.html';
export const WELCOME_PAGE = 'src/pages/welcome/index.html';

/** A fragment is at most this long; anything longer is not one of Keysmith's. */
const MAX_FRAGMENT = 4000;

function params(hash: string): URLSearchParams | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.length > MAX_FRAGMENT) return null;
  return new URLSearchParams(h);
}

function scopesParam(p: URLSearchParams | null, name: string): string[] {
  const raw = p?.get(name);
  if (!raw) return [];
  const known = raw.split(',').filter((s) => isExposed(s));
  return sortScopes([...new Set(known)]).slice(0, EXPOSED_SCOPES.length);
}

const fragment = (entries: Record<string, string | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) p.set(k, v);
  return `#${p.toString()}`;
};

/** The options page's Least privilege section, showing `scopes` (the dialog's ticks). */
export const leastPrivilegeFragment = (scopes: readonly string[]): string => fragment({ section: 'least', ticks: scopes.join(',') });

export interface OptionsLink {
  section?: 'least';
  /** The ticked scopes of the portal dialog the person came from (known scope names only). */
  ticks: string[];
}

export function parseOptionsFragment(hash: string): OptionsLink {
  const p = params(hash);
  return { ...(p?.get('section') === 'least' ? { section: 'least' as const } : {}), ticks: scopesParam(p, 'ticks') };
}

/** `builtin:<id>` or `user:<uuid>`. */
const PRESET_ID = /^(builtin|user):[A-Za-z0-9_-]{1,64}$/;

/** The results page's new-job form with a preset chosen. */
export const newJobFragment = (presetId: string): string => fragment({ new: presetId });

/** The preset id a results-page fragment asks the new-job form to start with, if it is one. */
export function parseNewJobFragment(hash: string): string | undefined {
  const id = params(hash)?.get('new') ?? undefined;
  return id && PRESET_ID.test(id) ? id : undefined;
}

export interface InventoryLink {
  /** A preset to give the keys the person ticks (by name, as the inventory's scope change names them). */
  preset?: string;
  /** Scopes an explained error says a key lacks, to add to the key the person ticks. */
  add: string[];
}

export const inventoryFragment = (link: { preset?: string; add?: readonly string[] }): string =>
  fragment({ preset: link.preset, add: link.add?.length ? link.add.join(',') : undefined });

export function parseInventoryFragment(hash: string): InventoryLink {
  const p = params(hash);
  const preset = p?.get('preset')?.slice(0, 200);
  // Full access is never added on a link's word (the explainer never offers it; a hand-made link might).
  return { ...(preset ? { preset } : {}), add: scopesParam(p, 'add').filter((s) => s !== 'All') };
}

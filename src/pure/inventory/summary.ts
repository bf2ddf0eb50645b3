/** A key's scopes in a few words for the inventory's table and its export. Pure. */
import { t, tn } from '../../i18n/i18n.ts';
import { scopeSetKey } from './key.ts';

export interface NamedScopes {
  name: string;
  scopes: readonly string[];
}

/**
 * The name of the first preset whose scope set is exactly the key's (order and repeats aside):
 * "Predict only"; otherwise "custom: 12 scopes" ("custom: 1 scope"), counting distinct scopes, or
 * "no scopes" for a key with none (one with endpoint-level scopes only).
 */
export function scopeSummary(scopes: readonly string[], presets: readonly NamedScopes[]): string {
  const set = scopeSetKey(scopes);
  const preset = presets.find((p) => scopeSetKey(p.scopes) === set);
  if (preset) return preset.name;
  const n = new Set(scopes).size;
  return n === 0 ? t('invNoScopes') : tn('invCustomScopes', n);
}

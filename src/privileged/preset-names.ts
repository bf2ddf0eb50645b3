/**
 * Preset names as people compare them. No user preset can pass for a built-in: a name equal to a
 * built-in's (ignoring case, spacing and invisible characters) is refused when typed, and renamed
 * “… (yours)” when it arrives otherwise: by import, by undo, or from storage written elsewhere
 * (another browser through sync, an older Keysmith, anything that can write storage.local).
 */
import { t, type MessageId } from '../i18n/i18n.ts';
import { BUILTIN_PRESETS } from '../pure/presets/builtins.ts';
import type { UserPreset } from '../pure/presets/io.ts';
import { fitName } from '../pure/presets/naming.ts';
import { OperationError } from './errors.ts';

/**
 * A name as people compare names: Unicode-normalised (NFKC: full-width and other look-alike forms
 * fold), invisible format characters (zero-width spaces, joiners, direction marks) dropped, any run
 * of spaces one space, trimmed, case folded.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const BUILTIN_NAMES = new Set(BUILTIN_PRESETS.map((p) => nameKey(p.name)));

export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.has(nameKey(name));
}

/** Why a preset is renamed: its name is a built-in's (`yours`), or another preset's (`restored` by undo, `imported`). */
export type NameMark = 'yours' | 'restored' | 'imported';
/** `name (yours)`, … */
const MARKED = { yours: 'wkNameYours', restored: 'wkNameRestored', imported: 'wkNameImported' } as const satisfies Record<NameMark, MessageId>;
/** `name (yours 2)`, … */
const MARKED_N = { yours: 'wkNameYoursN', restored: 'wkNameRestoredN', imported: 'wkNameImportedN' } as const satisfies Record<NameMark, MessageId>;

/** The first of `name (word)`, `name (word 2)`, … (shortened to fit the name limit) that neither is a built-in's name nor is `taken`. */
export function freeName(name: string, mark: NameMark, taken: (n: string) => boolean): string {
  for (let n = 1; ; n++) {
    const candidate = fitName(name, (base) => (n === 1 ? t(MARKED[mark], base) : t(MARKED_N[mark], base, n)));
    if (!isBuiltinName(candidate) && !taken(candidate)) return candidate;
  }
}

/** Stored presets as shown: one whose name is a built-in's is shown renamed “… (yours)”. */
export function unmasked(stored: UserPreset[]): UserPreset[] {
  const out: UserPreset[] = [];
  for (const p of stored) {
    if (!isBuiltinName(p.name)) {
      out.push(p);
      continue;
    }
    const taken = (n: string) => [...stored, ...out].some((q) => q.id !== p.id && nameKey(q.name) === nameKey(n));
    out.push({ ...p, name: freeName(p.name, 'yours', taken) });
  }
  return out;
}

export function sameName(presets: readonly UserPreset[], name: string, exceptId?: string) {
  return presets.find((p) => p.id !== exceptId && nameKey(p.name) === nameKey(name));
}

/** Refuses a typed name that is a built-in's or another preset's. */
export function checkName(presets: readonly UserPreset[], name: string, exceptId?: string): void {
  if (isBuiltinName(name)) throw new OperationError('invalid', t('errBuiltinName', name));
  if (sameName(presets, name, exceptId)) throw new OperationError('invalid', t('errNameTaken', name));
}

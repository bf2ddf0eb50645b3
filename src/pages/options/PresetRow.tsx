/**
 * One preset in the options page's lists: its name (or the form renaming it), what it holds, and
 * its actions. State and the worker's operations stay in ./usePresetChanges.ts; ./PresetsSection.tsx
 * passes them in.
 */
import type { PresetView } from '../../pure/protocol/presets.ts';
import { MAX_NAME } from '../../pure/presets/limits.ts';
import { WhatItAllows } from '../../ui/scopes/WhatItAllows.tsx';
import { t, tn } from '../../i18n/i18n.ts';

/** The id of one of a preset's controls, so that focus can follow an action to it. */
export const domId = (presetId: string, what: string) => `preset-${presetId.replace(/[^A-Za-z0-9-]/g, '-')}-${what}`;

export interface Renaming {
  id: string;
  value: string;
  error: string;
}

/** What a row can ask of the section. */
export interface RowActions {
  edit(p: PresetView): void;
  startRename(p: PresetView): void;
  setRenaming(r: Renaming | null): void;
  rename(p: PresetView, value: string): void;
  duplicate(p: PresetView): void;
  move(p: PresetView, by: -1 | 1): void;
  remove(p: PresetView): void;
  focus(id: string): void;
}

/** Built-in descriptions quote scope names in backticks. */
function Described({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 ? <code>{part}</code> : part))}</>;
}

function RenameForm({ p, r, on }: { p: PresetView; r: Renaming; on: RowActions }) {
  const cancel = () => {
    on.setRenaming(null);
    on.focus(domId(p.id, 'rename'));
  };
  return (
    <form
      class="rename"
      onSubmit={(e) => {
        e.preventDefault();
        on.rename(p, r.value);
      }}
    >
      <input
        type="text"
        aria-label={t('optNewNameFor', p.name)}
        maxLength={MAX_NAME}
        value={r.value}
        id={domId(p.id, 'new-name')}
        onInput={(e) => on.setRenaming({ ...r, value: e.currentTarget.value, error: '' })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') cancel();
        }}
      />
      <button type="submit" class="small">
        {t('optSaveName')}
      </button>
      <button type="button" class="secondary small" aria-label={t('optCancelRenaming', p.name)} onClick={cancel}>
        {t('cancel')}
      </button>
      {r.error && (
        <p class="bad" role="alert">
          {r.error}
        </p>
      )}
    </form>
  );
}

function Actions({ p, i, count, on }: { p: PresetView; i: number; count: number; on: RowActions }) {
  const duplicate = (
    <button type="button" class="secondary small" id={domId(p.id, 'duplicate')} aria-label={t('optDuplicateLabel', p.name)} onClick={() => on.duplicate(p)}>
      {t('optDuplicate')}
    </button>
  );
  if (p.builtIn) return duplicate;
  return (
    <>
      <button type="button" class="secondary small" id={domId(p.id, 'edit')} aria-label={t('optEditLabel', p.name)} onClick={() => on.edit(p)}>
        {t('optEdit')}
      </button>
      <button type="button" class="secondary small" id={domId(p.id, 'rename')} aria-label={t('optRenameLabel', p.name)} onClick={() => on.startRename(p)}>
        {t('optRename')}
      </button>
      {duplicate}
      <button
        type="button"
        class="secondary small"
        id={domId(p.id, 'up')}
        aria-label={t('optMoveUpLabel', p.name)}
        disabled={i === 0}
        onClick={() => on.move(p, -1)}
      >
        <span aria-hidden="true">↑</span> {t('optUp')}
      </button>
      <button
        type="button"
        class="secondary small"
        id={domId(p.id, 'down')}
        aria-label={t('optMoveDownLabel', p.name)}
        disabled={i === count - 1}
        onClick={() => on.move(p, 1)}
      >
        <span aria-hidden="true">↓</span> {t('optDown')}
      </button>
      <button type="button" class="secondary small danger" id={domId(p.id, 'delete')} aria-label={t('optDeleteLabel', p.name)} onClick={() => on.remove(p)}>
        {t('optDelete')}
      </button>
    </>
  );
}

/** One preset: `i` is its place among `count` (the user's own can move up and down). */
export function PresetRow({ p, i, count, renaming, on }: { p: PresetView; i: number; count: number; renaming: Renaming | null; on: RowActions }) {
  const r = renaming?.id === p.id ? renaming : null;
  return (
    <li class="preset" data-preset-id={p.id}>
      {r ? (
        <RenameForm p={p} r={r} on={on} />
      ) : (
        <p class="preset-name">
          <strong>{p.name}</strong>
        </p>
      )}
      {p.builtIn && <p class="hint preset-kind">{t('optBuiltInKind')}</p>}
      {p.description && (
        <p class="preset-description">
          <Described text={p.description} />
        </p>
      )}
      <p class="hint">{tn('optPresetSummary', p.scopes.length, p.enables)}</p>
      <details>
        <summary aria-label={t('optScopesOf', p.name)}>{t('optScopes')}</summary>
        <ul class="scope-chips" data-testid="preset-scopes">
          {p.scopes.map((s) => (
            <li key={s}>
              <code>{s}</code>
            </li>
          ))}
        </ul>
      </details>
      <WhatItAllows scopes={p.scopes} name={p.name} />
      <div class="row preset-actions">
        <Actions p={p} i={i} count={count} on={on} />
      </div>
    </li>
  );
}

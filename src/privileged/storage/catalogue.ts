/**
 * Everything Keysmith keeps in the browser's storage, listed once (declared in ./items.ts and
 * ./job-items.ts with ./declare.ts). docs/security.md's "What lives where" table is made from these
 * declarations (`storageTable()`; tests/unit/privileged/storage.test.ts checks the page against it).
 */
import type { Area, Family, Item } from './declare.ts';
import {
  APPS_DIRECTORY,
  CLIPBOARD_CLEAR,
  BATCHING,
  BATCH_LEARNED,
  BATCH_PROBED,
  INVENTORY,
  KEY_CHANGE,
  ORGS,
  PRESET_ITEM,
  PRESET_PENDING,
  PRESET_SYNC,
  PRESETS_LOCAL,
  PRESETS_ORDER,
  SETTINGS,
  VAULT,
  VAULT_IDLE_MINUTES,
  VAULT_LAST_USE,
  VAULT_NOTICE,
  VAULT_SEALED,
} from './items.ts';
import {
  JOB_CHECK,
  JOB_CONTROL,
  JOB_EVIDENCE,
  JOB_HISTORY,
  JOB_ITEM,
  JOB_OLD_KEYS,
  JOB_PLAN_LOCAL,
  JOB_PLAN_SESSION,
  JOB_PROPOSAL,
  JOB_ROTATION,
} from './job-items.ts';

/** Every item Keysmith keeps, for the table and the tests. */
export const STORAGE: readonly (Item<unknown> | Family<unknown>)[] = [
  VAULT,
  VAULT_LAST_USE,
  VAULT_NOTICE,
  VAULT_SEALED,
  VAULT_IDLE_MINUTES,
  SETTINGS,
  CLIPBOARD_CLEAR,
  BATCHING,
  BATCH_LEARNED,
  BATCH_PROBED,
  ORGS,
  PRESET_SYNC,
  PRESETS_LOCAL,
  PRESETS_ORDER,
  PRESET_ITEM,
  PRESET_PENDING,
  JOB_PROPOSAL,
  JOB_PLAN_LOCAL,
  JOB_PLAN_SESSION,
  JOB_CONTROL,
  JOB_ITEM,
  JOB_CHECK,
  JOB_EVIDENCE,
  JOB_OLD_KEYS,
  JOB_ROTATION,
  JOB_HISTORY,
  APPS_DIRECTORY,
  INVENTORY,
  KEY_CHANGE,
];

const AREA_ORDER: Area[] = ['session', 'local', 'sync'];

/** docs/security.md's "What lives where" table, from the declarations. */
export function storageTable(): string {
  const rows = [...STORAGE]
    .sort((a, b) => AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area))
    .map((d) => `| \`storage.${d.area}\` | \`${d.kind === 'item' ? d.key : d.template}\` | ${d.what} | ${d.secret ? '**yes**' : 'no'} | ${d.version} |`);
  return ['| area | key | what it holds | secret | version |', '|---|---|---|---|---|', ...rows].join('\n');
}

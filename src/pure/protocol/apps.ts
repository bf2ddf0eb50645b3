/** The protocol (./index.ts) of the app pickers: an owner's apps, the shared ones, the organizations added. */
import * as v from 'valibot';
import { Id, Op, type OperationTable } from './common.ts';

export const APP_OPERATIONS = {
  /** Every app of an owner (the PAT's user when absent), following pagination to the end. */
  listApps: { from: ['content', 'page'], schema: Op('listApps', { owner: v.optional(Id) }) },
  /** One page of an owner's apps (1,000 a page), for pickers that show progress as pages arrive. */
  listAppsPage: {
    from: ['content', 'page'],
    schema: Op('listAppsPage', { owner: v.optional(Id), page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)) }),
  },
  /** Apps shared with the user (collaborations), following pagination. */
  listSharedApps: { from: ['content', 'page'], schema: Op('listSharedApps', {}) },
  /** Organization ids the user added to the app picker (remembered). */
  listOrgs: { from: ['content', 'page'], schema: Op('listOrgs', {}) },
  setOrgs: { from: ['content', 'page'], schema: Op('setOrgs', { ids: v.pipe(v.array(Id), v.maxLength(50)) }) },
} as const satisfies OperationTable;

export interface AppSummary {
  id: string;
  name: string;
  description: string;
  owner: string;
  createdAt?: string | undefined;
  modifiedAt?: string | undefined;
}

export interface AppAnswers {
  listApps: AppSummary[];
  listAppsPage: { apps: AppSummary[]; last: boolean };
  listSharedApps: AppSummary[];
  listOrgs: string[];
  setOrgs: string[];
}

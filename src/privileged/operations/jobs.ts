/**
 * Bulk jobs and the proposals the portal page makes. Job operations use the token inside
 * ../jobs.ts; an extension page's call counts as use here.
 */
import browser from 'webextension-polyfill';
import { RESULTS_PAGE } from '../../pure/links.ts';
import * as jobs from '../jobs.ts';
import * as proposals from '../job-proposals.ts';
import { retireOldKeys } from '../rotation-retire.ts';
import { afterUse, type Handlers } from './context.ts';

export const jobOperations = {
  startBulkJob: (req, ctx) => afterUse(ctx, () => jobs.startJob(req)),
  async proposeBulkJob(req) {
    // Planned and kept, nothing sent: the person starts it on Keysmith's jobs page, which this opens.
    const p = await proposals.propose(req);
    await browser.tabs.create({ url: browser.runtime.getURL(`${RESULTS_PAGE}#confirm=${p.proposalId}`) });
    return p;
  },
  getProposalState: ({ id }) => proposals.state(id),
  getProposal: ({ id }) => proposals.view(id),
  confirmProposal: ({ id }, ctx) => afterUse(ctx, () => proposals.confirm(id)),
  async discardProposal({ id }) {
    await proposals.discard(id);
    return null;
  },
  getJob: ({ jobId }) => jobs.progress(jobId),
  controlJob: ({ jobId, action }, ctx) => afterUse(ctx, () => jobs.control(jobId, action)),
  async openResults({ jobId }) {
    await browser.tabs.create({ url: browser.runtime.getURL(`${RESULTS_PAGE}${jobId ? `#${jobId}` : ''}`) });
    return null;
  },
  getJobResults: ({ jobId }) => jobs.results(jobId),
  listJobs: () => jobs.listJobs(),
  retryFailed: ({ jobId }, ctx) => afterUse(ctx, () => jobs.retryFailed(jobId)),
  recoverJob: ({ jobId }, ctx) => afterUse(ctx, () => jobs.recover(jobId)),
  clearJob: ({ jobId }) => jobs.clear(jobId),
  clearOldJobs: () => jobs.clearOld(),
  findDuplicates: ({ jobId }, ctx) => afterUse(ctx, () => jobs.findDuplicates(jobId)),
  deleteDuplicates: ({ jobId }, ctx) => afterUse(ctx, () => jobs.deleteDuplicates(jobId)),
  startRotation: (req, ctx) => afterUse(ctx, () => jobs.startRotation(req)),
  // Phase 2: confirming deletes the old keys whose replacement exists (./rotation-retire.ts).
  confirmRotation: ({ jobId }, ctx) => afterUse(ctx, () => retireOldKeys(jobId)),
} satisfies Partial<Handlers>;

/**
 * The protocol (./index.ts) of jobs proposed from the portal page: the panel's "Create N keys"
 * sends nothing to Clarifai on the page's word; the person starts the plan on Keysmith's page.
 */
import * as v from 'valibot';
import { Op, type OperationTable } from './common.ts';
import { BulkJobFields, type LeftOutApp } from './jobs.ts';

const ProposalId = v.pipe(v.string(), v.uuid('not a proposal id'));

export const PROPOSAL_OPERATIONS = {
  /**
   * The portal panel's "Create N keys": nothing is sent to Clarifai on the page's word (a page
   * script can drive the panel). The worker keeps the plan it would run and opens Keysmith's
   * jobs page, where the person sees that plan and starts it, or not.
   */
  proposeBulkJob: { from: ['content'], schema: Op('proposeBulkJob', BulkJobFields) },
  /** Where a proposal stands (waiting, started with its job id, …): no plan, safe for the content script. */
  getProposalState: { from: ['content', 'page'], schema: Op('getProposalState', { id: ProposalId }) },
  /** The whole plan of a proposal, as the worker would run it, for the person to check. */
  getProposal: { from: ['page'], schema: Op('getProposal', { id: ProposalId }) },
  /** Starts exactly the proposed plan, once, before it expires. Never from a content script. */
  confirmProposal: { from: ['page'], schema: Op('confirmProposal', { id: ProposalId }) },
  discardProposal: { from: ['page'], schema: Op('discardProposal', { id: ProposalId }) },
} as const satisfies OperationTable;

/**
 * Where a job proposed from the portal page stands. `starting`: Start was pressed and the job is
 * being set up. `gone`: the worker knows no such proposal (discarded long ago, or never made).
 */
export interface ProposalState {
  state: 'waiting' | 'starting' | 'started' | 'discarded' | 'expired' | 'gone';
  /** The job, once started. */
  jobId?: string | undefined;
  /** Why the last Start did not start the job (the proposal still waits), in words a person reads. */
  error?: string | undefined;
}

/** A proposed job's whole plan, exactly as the worker holds it, for the person to check. */
export interface ProposalView extends ProposalState {
  id: string;
  askedAt: string;
  /** After this the proposal can no longer be started. */
  decideBy: string;
  /** The apps that get a key, in the order picked. `named`: false until the worker looks the name up. */
  apps: { owner: string; appId: string; appName: string; named: boolean }[];
  /** Owners of those apps, with how many each. */
  owners: { owner: string; apps: number }[];
  /** Picked apps the job would leave out, and why. */
  leftOut: LeftOutApp[];
  scopes: string[];
  /** What the scopes allow, e.g. "enables 35 endpoints, including …". */
  enables: string;
  /** The preset (built-in or the person's) whose scopes these are exactly, if any. */
  preset?: { name: string; builtIn: boolean } | undefined;
  template: string;
  /** The first few descriptions as the keys will get them. */
  examples: string[];
  /** When the keys expire; absent: never. */
  keysExpireAt?: string | undefined;
}

export interface ProposalAnswers {
  proposeBulkJob: { proposalId: string; decideBy: string };
  getProposalState: ProposalState;
  getProposal: ProposalView;
  confirmProposal: { jobId: string };
  discardProposal: null;
}

/**
 * Several keys in one PostKeys, per API address (the rules: ../pure/bulk/batching.ts). The person's
 * switch and cap are `storage.local`'s (BATCHING); what jobs learned is kept per API address with
 * its date (BATCH_LEARNED), and which addresses this browser session has probed is in
 * `storage.session` (BATCH_PROBED), so the first job of each session probes again.
 */
import { BatchPolicy, LEARNED_FOR_MS, type Learned } from '../pure/bulk/batching.ts';
import * as storage from './storage/access.ts';
import { BATCH_LEARNED, BATCH_PROBED, BATCHING, MAX_BATCH_ADDRESSES } from './storage/items.ts';

export interface BatchingView {
  enabled: boolean;
  cap: number;
  learned: { address: string; learned: Learned }[];
}

export async function view(): Promise<BatchingView> {
  const { enabled, cap } = await storage.read(BATCHING);
  return { enabled, cap, learned: await storage.read(BATCH_LEARNED) };
}

export async function set(enabled: boolean, cap: number): Promise<BatchingView> {
  await storage.write(BATCHING, { enabled, cap });
  return view();
}

/** Forgets what was learned (and that this session probed): the next job probes again. */
export async function forget(): Promise<BatchingView> {
  await storage.write(BATCH_LEARNED, []);
  await storage.write(BATCH_PROBED, []);
  return view();
}

/** The policy for a job on `address`, or undefined when the person turned batches off. */
export async function policyFor(address: string): Promise<BatchPolicy | undefined> {
  const { enabled, cap } = await storage.read(BATCHING);
  if (!enabled) return undefined;
  const kept = (await storage.read(BATCH_LEARNED)).find((e) => e.address === address)?.learned;
  // Old knowledge (or a date in the future) is no knowledge: Clarifai may have changed since.
  const learned = kept && Date.now() - kept.at < LEARNED_FOR_MS && kept.at <= Date.now() + 60_000 ? kept : undefined;
  const probed = (await storage.read(BATCH_PROBED)).includes(address);
  return new BatchPolicy({ cap, learned, probed, now: Date.now });
}

/** At a job's end: keeps what it learned, and that this session has probed `address` once it knows. */
export async function remember(address: string, policy: BatchPolicy): Promise<void> {
  const learned = policy.learned();
  if (learned) {
    const others = (await storage.read(BATCH_LEARNED)).filter((e) => e.address !== address);
    const kept = [...others.sort((a, b) => b.learned.at - a.learned.at).slice(0, MAX_BATCH_ADDRESSES - 1), { address, learned }];
    await storage.write(BATCH_LEARNED, kept);
  }
  if (!policy.isProbing()) {
    const probed = (await storage.read(BATCH_PROBED)).filter((a) => a !== address);
    await storage.write(BATCH_PROBED, [...probed.slice(-(MAX_BATCH_ADDRESSES - 1)), address]);
  }
}

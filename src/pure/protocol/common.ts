/** What every area of the protocol (./index.ts) builds its operations from. Pure: schemas and types only. */
import * as v from 'valibot';
import { ID_RE } from '../clarifai/client.ts';

export const PORTAL_ORIGINS = ['https://clarifai.com', 'https://portal.clarifai.com'] as const;

/** Who may call an operation: the content script in a portal tab, or an extension page. */
export type Caller = 'content' | 'page';

/** An area's operations: each with its request schema and who may ask for it. */
export type OperationTable = Record<string, { from: readonly Caller[]; schema: v.GenericSchema }>;

/** A user, organization or app id, as Keysmith itself sends it to Clarifai. */
export const Id = v.pipe(v.string(), v.regex(ID_RE, 'not a Clarifai id'));

/** A request: its operation's name and exactly these keys (unknown keys refused). */
export const Op = <N extends string, E extends v.ObjectEntries>(op: N, entries: E) => v.strictObject({ op: v.literal(op), ...entries });

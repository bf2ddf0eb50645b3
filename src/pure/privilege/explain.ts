/**
 * Explains a Clarifai error a person pastes: the JSON status an API answer carries, or the text an
 * SDK prints (`status code: 11007`, `CONN_INSUFFICIENT_SCOPES`, a gRPC `details`). Reads the code,
 * the call where the text names it (an RPC, a `/clarifai.api.V2/…` endpoint, a REST path) and the
 * missing scopes where the details name them, and says in one sentence what happened and what
 * would fix it. Errors that are not about scopes get their own explanation, never a scope fix. Pure.
 */
import { list, t } from '../../i18n/i18n.ts';
import { scopesNamedIn } from '../clarifai/errors.ts';
import { closeUnderDependencies, sortScopes } from '../scopes/catalogue.ts';
import { API_CALLS, appKeyCan, callByRest, type ApiCall } from './calls.ts';

export type ErrorTopic = 'scopes' | 'pat-only' | 'bad-key' | 'throttled' | 'not-found' | 'unavailable' | 'other' | 'unreadable';

export interface Explanation {
  topic: ErrorTopic;
  code?: number | undefined;
  /** The call the error names, if it names one. */
  call?: ApiCall | undefined;
  /** For `scopes`: what to add (the scopes named, else the call's), closed under dependencies. */
  add: string[];
  /** One sentence, in words a person reads (the browser's language). */
  sentence: string;
}

const NAMES: Record<string, number> = {
  CONN_THROTTLED: 11005,
  CONN_INSUFFICIENT_SCOPES: 11007,
  CONN_KEY_INVALID: 11008,
  CONN_KEY_NOT_FOUND: 11009,
  CONN_DOES_NOT_EXIST: 11101,
  CONN_INVALID_REQUEST: 11102,
};

function codeIn(text: string): { code?: number; words: string } {
  try {
    type Status = { code?: unknown; description?: unknown; details?: unknown };
    const json = JSON.parse(text) as Status & { status?: Status };
    const status: Status = json.status ?? json;
    const code = typeof status.code === 'number' ? status.code : Number(status.code);
    const words = [status.description, status.details].filter((x) => typeof x === 'string').join(' ');
    if (Number.isInteger(code) && code > 0) return { code, words: `${words} ${text}` };
  } catch {
    // Not JSON: an SDK's printed text.
  }
  for (const [name, code] of Object.entries(NAMES)) if (text.includes(name)) return { code, words: text };
  const m = /\b(?:status[_ ]?code|code)["']?\s*[:=]\s*["']?(\d{5})\b/i.exec(text) ?? /\b(1100[5-9]|1110[0-2]|10030|4003[0-2])\b/.exec(text);
  return m ? { code: Number(m[1]), words: text } : { words: text };
}

function callIn(text: string): ApiCall | undefined {
  const endpoint = /clarifai\.api\.V2\/([A-Za-z]+)/.exec(text)?.[1];
  const byName = endpoint ?? /\b((?:Post|Get|List|Patch|Delete|Put)[A-Z][A-Za-z]+)\b/.exec(text)?.[1];
  if (byName) {
    const c = API_CALLS.find((x) => x.rpc === byName);
    if (c) return c;
  }
  const rest = /\b(GET|POST|PATCH|PUT|DELETE)\s+((?:https?:\/\/[^\s"']+)?\/v2\/[^\s"'?]+)/.exec(text);
  return rest ? callByRest(rest[1]!, rest[2]!) : undefined;
}

export function explainError(pasted: string): Explanation {
  const text = pasted.trim();
  if (!text) return { topic: 'unreadable', add: [], sentence: t('lpPasteError') };
  const { code, words } = codeIn(text);
  const call = callIn(words);
  if (call && !appKeyCan(call)) return { topic: 'pat-only', code, call, add: [], sentence: t('lpPatOnly', call.rpc) };
  switch (code) {
    case 11007: {
      // Full access is never offered as a fix, even when an error names it: the call's own scopes are.
      const namedAll = scopesNamedIn(words);
      const named = namedAll.filter((s) => s !== 'All');
      const add = sortScopes(closeUnderDependencies(named.length ? named : (call?.scopes ?? [])));
      // The scopes to add are the error's (`named`), else the call's, saying why.
      let sentence: string;
      if (!add.length) sentence = namedAll.length ? t('lpNamesAll') : t('lpNamesNothing');
      else if (!call) sentence = t('lpAddScopes', list(add));
      else if (named.length) sentence = t('lpAddCallScopes', call.rpc, call.phrase.toLowerCase(), list(add));
      else sentence = t(namedAll.length ? 'lpAddCallScopesNotAll' : 'lpAddCallScopesUnnamed', call.rpc, call.phrase.toLowerCase(), list(add));
      return { topic: 'scopes', code, call, add, sentence };
    }
    case 11008:
    case 11009:
    case 11102:
      return {
        topic: 'bad-key',
        code,
        call,
        add: [],
        sentence: t('lpBadKey'),
      };
    case 11005:
      return {
        topic: 'throttled',
        code,
        call,
        add: [],
        sentence: t('lpThrottled', 15),
      };
    case 11101:
      return {
        topic: 'not-found',
        code,
        call,
        add: [],
        sentence: t('lpNotFound'),
      };
    case 10030:
    case 40030:
    case 40031:
    case 40032:
      return { topic: 'unavailable', code, call, add: [], sentence: t('lpUnavailable') };
    case undefined:
      return { topic: 'unreadable', call, add: [], sentence: t('lpNoCode') };
    default:
      return { topic: 'other', code, call, add: [], sentence: t('lpOtherStatus', code) };
  }
}

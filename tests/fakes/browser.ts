/**
 * An in-memory fake of the parts of `webextension-polyfill` Keysmith uses, for unit tests
 * (aliased in vitest.config.ts). `resetBrowser()` before each test.
 */
type Listener = (message: unknown, sender: unknown) => unknown;

/** A stored item's size as Chrome counts it against QUOTA_BYTES: the key and the value's JSON. */
const bytes = (k: string, v: unknown) => k.length + JSON.stringify(v).length;

function area(quotaMessage: string) {
  let data: Record<string, unknown> = {};
  let used = new Map<string, number>();
  /** Bytes the area may hold (`_quota`); a write that would pass it fails, as the browser's does, and changes nothing. */
  let quota = Infinity;
  return {
    async get(keys?: string | string[] | null) {
      if (keys == null) return structuredClone(data);
      const list = typeof keys === 'string' ? [keys] : keys;
      const out: Record<string, unknown> = {};
      for (const k of list) if (k in data) out[k] = structuredClone(data[k]);
      return out;
    },
    async set(items: Record<string, unknown>) {
      const sizes = Object.entries(items).map(([k, v]) => [k, bytes(k, v)] as const);
      let total = 0;
      for (const n of used.values()) total += n;
      for (const [k, n] of sizes) total += n - (used.get(k) ?? 0);
      if (total > quota) throw new Error(quotaMessage);
      for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
      for (const [k, n] of sizes) used.set(k, n);
    },
    async remove(keys: string | string[]) {
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        delete data[k];
        used.delete(k);
      }
    },
    async clear() {
      data = {};
      used = new Map();
    },
    _dump: () => data,
    _reset: () => {
      data = {};
      used = new Map();
      quota = Infinity;
    },
    /** Limits the area to `n` bytes (Infinity: no limit); what it holds already stays. */
    _quota: (n: number) => {
      quota = n;
    },
    /** Bytes held, counted as the quota counts them. */
    _bytes: () => [...used.values()].reduce((a, b) => a + b, 0),
  };
}

const listeners: Listener[] = [];
const badge: Record<number, string> = {};
const title: Record<number, string> = {};

const browser = {
  runtime: {
    id: 'keysmith-test-id',
    getURL: (p: string) => `chrome-extension://keysmith-test-id${p.startsWith('/') ? '' : '/'}${p}`,
    onMessage: {
      addListener: (l: Listener) => listeners.push(l),
      removeListener: (l: Listener) => listeners.splice(listeners.indexOf(l), 1),
    },
    /** Delivers to the registered listeners as if from an extension page. */
    async sendMessage(message: unknown) {
      for (const l of listeners) {
        const r = await l(message, {
          id: 'keysmith-test-id',
          url: 'chrome-extension://keysmith-test-id/src/pages/options/index.html',
          origin: 'chrome-extension://keysmith-test-id',
        });
        if (r !== undefined) return r;
      }
      return undefined;
    },
    openOptionsPage: async () => {
      browser._calls.push('openOptionsPage');
    },
  },
  storage: {
    // The messages Chrome gives when an area is full (Firefox: a QuotaExceededError).
    local: area('QUOTA_BYTES quota exceeded'),
    session: Object.assign(area('Session storage quota bytes exceeded. Values were not stored.'), {
      setAccessLevel: async (_o: { accessLevel: string }) => {},
    }),
    sync: area('QUOTA_BYTES quota exceeded'),
  },
  action: {
    setBadgeText: async ({ tabId, text }: { tabId: number; text: string }) => {
      badge[tabId] = text;
    },
    setTitle: async ({ tabId, title: t }: { tabId: number; title: string }) => {
      title[tabId] = t;
    },
  },
  alarms: {
    create: async (name: string, _o: object) => void browser._alarms.add(name),
    clear: async (name: string) => browser._alarms.delete(name),
    onAlarm: { addListener: () => {} },
  },
  tabs: {
    create: async ({ url }: { url: string }) => void browser._calls.push(`tabs.create ${url}`),
  },
  _alarms: new Set<string>(),
  permissions: {
    request: async () => true,
    contains: async () => true,
  },
  _calls: [] as string[],
  _badge: badge,
  _title: title,
};

export function resetBrowser() {
  browser.storage.local._reset();
  browser.storage.session._reset();
  browser.storage.sync._reset();
  listeners.length = 0;
  browser._calls.length = 0;
  browser._alarms.clear();
  for (const k of Object.keys(badge)) delete badge[Number(k)];
  for (const k of Object.keys(title)) delete title[Number(k)];
}

// Code that uses the browser's own API object (src/messaging/call.ts) finds the same fake there.
(globalThis as { browser?: unknown }).browser = browser;

export default browser;
export type Runtime = { MessageSender: unknown };

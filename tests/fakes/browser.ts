/**
 * An in-memory fake of the parts of `webextension-polyfill` Keysmith uses, for unit tests
 * (aliased in vitest.config.ts). `resetBrowser()` before each test.
 */
type Listener = (message: unknown, sender: unknown) => unknown;

function area() {
  let data: Record<string, unknown> = {};
  return {
    async get(keys?: string | string[] | null) {
      if (keys == null) return structuredClone(data);
      const list = typeof keys === 'string' ? [keys] : keys;
      const out: Record<string, unknown> = {};
      for (const k of list) if (k in data) out[k] = structuredClone(data[k]);
      return out;
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
    },
    async remove(keys: string | string[]) {
      for (const k of typeof keys === 'string' ? [keys] : keys) delete data[k];
    },
    async clear() {
      data = {};
    },
    _dump: () => data,
    _reset: () => {
      data = {};
    },
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
        const r = await l(message, { id: 'keysmith-test-id', url: 'chrome-extension://keysmith-test-id/src/pages/options/index.html', origin: 'chrome-extension://keysmith-test-id' });
        if (r !== undefined) return r;
      }
      return undefined;
    },
    openOptionsPage: async () => {
      browser._calls.push('openOptionsPage');
    },
  },
  storage: {
    local: area(),
    session: Object.assign(area(), { setAccessLevel: async (_o: { accessLevel: string }) => {} }),
    sync: area(),
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

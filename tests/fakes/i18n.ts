/**
 * The browser's `i18n` for unit tests, over the English messages.json, with the browsers' rules:
 * `$1`…`$9` are substitutions, `$$` is a dollar sign, ids match without regard to case, an unknown
 * id gives ''. Installed as `chrome.i18n` by vitest's setup (vitest.config.ts), so components read
 * the same English text they show in a browser.
 */
import messages from '../../public/_locales/en/messages.json' with { type: 'json' };

const byLowerCase = new Map(Object.entries(messages as Record<string, { message: string }>).map(([k, v]) => [k.toLowerCase(), v.message]));

export const i18n = {
  getMessage(id: string, subs: string | string[] = []): string {
    const message = byLowerCase.get(id.toLowerCase());
    if (message === undefined) return '';
    const list = typeof subs === 'string' ? [subs] : subs;
    return message.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (list[Number(d) - 1] ?? '')));
  },
  getUILanguage: () => 'en',
};

const g = globalThis as { chrome?: Record<string, unknown> };
g.chrome = { ...(g.chrome ?? {}), i18n };

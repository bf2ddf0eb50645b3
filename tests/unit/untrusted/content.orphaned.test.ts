// @vitest-environment happy-dom
/**
 * A copy of the content script whose extension was updated, reloaded or removed (its runtime.id is
 * gone) stops cleanly: its panel is taken out, it attaches to no new dialog, and nothing throws.
 */
import { expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';

function dialog(id: string): HTMLElement {
  const d = document.createElement('div');
  d.setAttribute('role', 'dialog');
  d.setAttribute('aria-labelledby', `${id}-h`);
  d.innerHTML = `<h2 id="${id}-h">Create API Key</h2><input aria-label="Description"><div>${['Predict', 'Inputs:Get', 'Models:Get', 'Apps:Get']
    .map((s, i) => `<label for="${id}-${i}"><input type="checkbox" id="${id}-${i}"> ${s}</label>`)
    .join('')}</div><button>Create</button>`;
  document.body.append(d);
  return d;
}

it('takes its panel out and attaches to nothing more once its extension is gone', async () => {
  vi.spyOn(console, 'info').mockImplementation(() => {});
  const first = dialog('a');
  await import('../../../src/untrusted/content.ts');
  await vi.waitFor(() => expect(first.parentElement!.querySelector('[data-keysmith]') ?? first.querySelector('[data-keysmith]')).toBeTruthy());

  const runtime = browser.runtime as { id?: string };
  const id = runtime.id;
  runtime.id = undefined; // the extension was reloaded: this copy is orphaned
  try {
    const second = dialog('b'); // the next mutation makes it look
    await new Promise((r) => setTimeout(r, 50));
    expect(document.querySelectorAll('[data-keysmith]')).toHaveLength(0);
    expect(second.querySelector('[data-keysmith]')).toBeNull();
    expect(first.querySelectorAll('input[type="checkbox"]')).toHaveLength(4); // the portal's own form is untouched
  } finally {
    runtime.id = id;
  }
});

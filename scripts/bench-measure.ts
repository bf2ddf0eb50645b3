/** Measures shared by the benchmarks (./bench.ts, ./bench-inventory.ts). */
import type { Page } from 'playwright-core';

/**
 * Types `text` into a search box one character at a time and answers each keystroke's time: from
 * the input event until Preact's re-render (a task later) is done; the frame that paints it
 * follows (waiting for requestAnimationFrame would count frame alignment). The box is found by
 * `input` inside the shadow root of `host`, or in the document. The box is emptied afterwards.
 */
export function keystrokeTimes(page: Page, where: { host?: string; input: string }, text: string): Promise<number[]> {
  return page.evaluate(
    async ({ host, input: selector, text }) => {
      const scope: ParentNode = host ? document.querySelector(host)!.shadowRoot! : document;
      const input = scope.querySelector(selector) as HTMLInputElement;
      const out: number[] = [];
      let value = '';
      for (const ch of text) {
        value += ch;
        const t = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        out.push(performance.now() - t);
      }
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return out;
    },
    { ...where, text },
  );
}

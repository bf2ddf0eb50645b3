// @vitest-environment happy-dom
/** "What can this key do?": nothing is listed until it is opened; opened, the calls the set allows, dangerous ones marked. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { domRoot } from '../../support/dom-root.ts';
import { leastScopes } from '../../../../src/pure/privilege/least.ts';
import { WhatItAllows } from '../../../../src/ui/scopes/WhatItAllows.tsx';

const root = domRoot();

describe('WhatItAllows', () => {
  it('builds its list only once opened, and marks the dangerous calls', () => {
    act(() => render(<WhatItAllows scopes={leastScopes(['DeleteInputs', 'ListInputs']).scopes} name="Ingest" />, root));
    expect(root.querySelector('summary')!.getAttribute('aria-label')).toBe('What can Ingest do?');
    expect(root.querySelector('[data-testid=what-it-allows]')).toBeNull();
    act(() => {
      const d = root.querySelector('details')!;
      d.open = true;
      d.dispatchEvent(new Event('toggle'));
    });
    const items = [...root.querySelectorAll('[data-testid=what-it-allows] li')];
    expect(items.length).toBeGreaterThan(2);
    expect(items.find((li) => li.textContent?.includes('DeleteInputs'))?.hasAttribute('data-dangerous')).toBe(true);
    expect(items.find((li) => li.textContent?.includes('ListInputs'))?.hasAttribute('data-dangerous')).toBe(false);
  });
});

/**
 * The element a component test renders into: attached to the document before each test, and
 * emptied (unmounting what was rendered, so its effects stop) and detached after each.
 */
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

export function domRoot(): HTMLElement {
  const root = document.createElement('div');
  beforeEach(() => void document.body.append(root));
  afterEach(() => {
    render(null, root);
    root.remove();
  });
  return root;
}

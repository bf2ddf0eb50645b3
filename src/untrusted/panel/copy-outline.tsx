/** Copies a sanitized outline of the dialog (no values, no key-like text) for a bug report. */
import { useState } from 'preact/hooks';
import { PORTAL_VOCABULARY } from '../apply.ts';
import { dialogOutline } from '../portal-dom/index.ts';
import { t } from '../../i18n/i18n.ts';

export function CopyOutline({ root }: { root: HTMLElement }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    const outline = dialogOutline(root, PORTAL_VOCABULARY, location.hostname);
    try {
      await navigator.clipboard.writeText(outline);
      setCopied(t('outlineCopied'));
    } catch {
      setCopied(t('outlineCopyRefused'));
    }
  }
  return (
    <span class="ks-row">
      <button type="button" class="secondary" onClick={() => void copy()}>
        {t('outlineCopy')}
      </button>
      {copied && (
        <span class="ks-muted" role="status">
          {copied}
        </span>
      )}
    </span>
  );
}

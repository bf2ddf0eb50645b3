/**
 * Redaction of free text that may reach a bug report (the dialog outline): key ids (32 hex), and any
 * long run of token-like characters (PATs, session tokens, base64). Pure: used by the content script
 * that writes an outline and by the worker that keeps one.
 */
const HEX32 = /\b[0-9a-f]{32}\b/gi;
const TOKENISH = /\b[A-Za-z0-9_+/=-]{24,}\b/g;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  return text.replace(HEX32, REDACTED).replace(TOKENISH, REDACTED);
}

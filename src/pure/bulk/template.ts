/** Description templates for bulk keys: `{app_id}`, `{app_name}`, `{owner}`, `{date}`, `{preset}`. Pure. */

export const PLACEHOLDERS = ['app_id', 'app_name', 'owner', 'date', 'preset'] as const;
export const MAX_DESCRIPTION = 200;

export interface TemplateValues {
  app_id: string;
  app_name: string;
  owner: string;
  date: string;
  preset: string;
}

/** Placeholders in a template that Keysmith does not know (typos like `{appid}`). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

/**
 * Fills a template. App names are untrusted text: control characters are dropped and white space
 * folded, so a hostile name cannot smuggle line breaks into an exported file; the result is capped.
 */
export function renderDescription(template: string, v: TemplateValues): string {
  const out = template.replace(/\{(app_id|app_name|owner|date|preset)\}/g, (_m, k: keyof TemplateValues) => v[k]);
  return plainText(out, MAX_DESCRIPTION);
}

/** Whether a template needs the app's name (else the worker need not look names up). */
export function usesAppName(template: string): boolean {
  return template.includes('{app_name}');
}

/**
 * Untrusted text on one line: control and direction-override characters become spaces, white
 * space is folded, the result is capped at `max` characters.
 */
export function plainText(text: string, max: number): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max)
  );
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Whether the portal draws a dialog dark, so that Keysmith's panel can follow. Part of the portal
 * module: import it through ./index.ts.
 *
 * Portals mark a dark theme in many ways (MUI's `data-mui-color-scheme`, Tailwind's `dark` class,
 * a theme provider's inline styles), and none is known for today's clarifai.com, so this reads what
 * is drawn instead: the first background at or above the panel's place that is mostly opaque, by its
 * luminance. Where nothing has a background, the page's canvas shows, dark only under
 * `color-scheme: dark`.
 */
const RGB = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/;

export function looksDark(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement) {
    const m = RGB.exec(getComputedStyle(e).backgroundColor);
    if (!m) continue; // a colour this does not read (oklch and the like): look further up
    const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
    if (alpha < 0.5) continue;
    const [r, g, b] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  }
  const scheme = getComputedStyle(document.documentElement).colorScheme.split(/\s+/);
  if (!scheme.includes('dark')) return false;
  return !scheme.includes('light') || matchMedia('(prefers-color-scheme: dark)').matches; // `light dark`: the system's
}

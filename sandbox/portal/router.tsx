/**
 * A tiny history-API router, as single-page apps have: in-app links call pushState and re-render
 * without reloading, Back and Forward arrive as popstate. The content script sees only what a real
 * React router does: the URL changes and the page's DOM is replaced.
 */
import type { PartialAnchorHTMLAttributes, ComponentChildren, JSX, TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Era = 'today' | '2019';

export interface Loc {
  host: string;
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();

function read(): Loc {
  const { hostname, pathname, search } = window.location;
  return { host: hostname, pathname, search };
}

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = (): void => setLoc(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** portal.clarifai.com is the 2018-2022 portal, clarifai.com today's; `?era=2019|today` overrides either. */
export function eraOf(loc: Loc): Era {
  const q = new URLSearchParams(loc.search).get('era');
  if (q === '2019' || q === 'today') return q;
  return loc.host === 'portal.clarifai.com' ? '2019' : 'today';
}

/** Query parameters that in-app links carry along: the era override, the key dialogs' shape, the theme. */
const CARRIED = ['era', 'shape', 'theme'] as const;

/**
 * `path` with the current `?era=` override and `?shape=` (shapes/index.ts) carried along, so in-app
 * navigation stays in its era and keeps showing the same dialog shape.
 */
export function withEra(path: string, loc: Loc): string {
  const from = new URLSearchParams(loc.search);
  const parts: string[] = [];
  for (const name of CARRIED) {
    const v = from.get(name);
    if (v) parts.push(`${name}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

type AnchorProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, 'role'> & { href: string; children?: ComponentChildren };

export function Link({ href, onClick, ...rest }: AnchorProps): JSX.Element {
  const go = (e: TargetedMouseEvent<HTMLAnchorElement>): void => {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={go} {...rest} />;
}

/**
 * The fake Clarifai portal: a Preact single-page app with history routing, in two eras.
 *   today (clarifai.com):        /{user_id}/{app_id}/settings  App Settings with the API Keys section
 *                                /{user_id}/{app_id}           app overview (no keys)
 *   2019 (portal.clarifai.com):  /apps/{app_id}/details        app details with API Keys (session user)
 * `?era=2019|today` overrides the host's era. Nothing in the page exists for the extension's sake:
 * it must find the dialogs by role, heading and label text, as on the real portal.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { PortalApi, type FetchLike } from './client.ts';
import { ApplicationsPage, DetailsPage, LegacyNotFound } from './legacy/pages.tsx';
import { eraOf, Link, useLocation, withEra, type Loc } from './router.tsx';
import { Env, type PortalEnv } from './shared/context.ts';
import { chunkDelay } from './shared/react-like.ts';
import { TopBar } from './today/Layout.tsx';
import { HomePage, OverviewPage, SettingsPage } from './today/pages.tsx';

export interface Session {
  /** Portal browser session token (sent as X-Clarifai-Session-Token); not a PAT. */
  token: string;
  userId: string;
}

export interface AppProps {
  session: Session;
  /** For tests: the fetch the API client uses (default: the page's fetch). */
  fetchImpl?: FetchLike;
  /** For tests: the lazily loaded dialogs' delay in ms (default: random 200-600). */
  dialogDelay?: () => number;
}

function segments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function NotFound({ loc, userId }: { loc: Loc; userId: string }): JSX.Element {
  return (
    <div class="layout">
      <TopBar userId={userId} loc={loc} />
      <main class="content content--wide">
        <div class="page-header">
          <h1 class="page-header__title">Page not found</h1>
        </div>
        <Link class="button button--secondary" href={withEra('/', loc)}>
          Back to My Apps
        </Link>
      </main>
    </div>
  );
}

function titleOf(era: string, parts: readonly string[]): string {
  if (era === '2019') return parts[1] ? `${parts[1]} - Clarifai Portal` : 'Applications - Clarifai Portal';
  if (parts[2] === 'settings') return `App Settings · ${parts[1] ?? ''} | Clarifai`;
  return parts[1] ? `${parts[1]} | Clarifai` : 'Clarifai | The AI Platform';
}

function Routes({ userId }: { userId: string }): JSX.Element {
  const loc = useLocation();
  const parts = segments(loc.pathname);
  const title = titleOf(eraOf(loc), parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
  if (eraOf(loc) === '2019') {
    if (parts.length === 0) return <ApplicationsPage loc={loc} />;
    if (parts.length === 3 && parts[0] === 'apps' && parts[2] === 'details') return <DetailsPage key={parts[1]} appId={parts[1]!} loc={loc} />;
    return <LegacyNotFound loc={loc} />;
  }
  const [owner, app, sub] = parts;
  if (parts.length === 0) return <HomePage loc={loc} />;
  if (owner && app && parts.length === 3 && sub === 'settings') return <SettingsPage key={`${owner}/${app}`} ownerId={owner} appId={app} loc={loc} />;
  if (owner && app && parts.length === 2) return <OverviewPage key={`${owner}/${app}`} ownerId={owner} appId={app} loc={loc} />;
  return <NotFound loc={loc} userId={userId} />;
}

export function App({ session, fetchImpl, dialogDelay }: AppProps): JSX.Element {
  const env = useMemo<PortalEnv>(
    () => ({ api: new PortalApi(session.token, fetchImpl), userId: session.userId, dialogDelay: dialogDelay ?? chunkDelay }),
    [session.token, session.userId, fetchImpl, dialogDelay],
  );
  return (
    <Env.Provider value={env}>
      <Routes userId={session.userId} />
    </Env.Provider>
  );
}

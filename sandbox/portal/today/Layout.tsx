/** Today's clarifai.com chrome: top bar, and on app pages a left sidebar with the app's sections. */
import type { ComponentChildren, JSX } from 'preact';
import { Link, withEra, type Loc } from '../router.tsx';

export function TopBar({ userId, loc }: { userId: string; loc: Loc }): JSX.Element {
  return (
    <header class="topbar">
      <Link class="topbar__brand" href={withEra('/', loc)} aria-label="Clarifai home">
        <svg class="topbar__logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <circle cx="16" cy="16" r="14" fill="#356AFF" />
          <circle cx="16" cy="16" r="6" fill="#fff" />
          <circle cx="24" cy="8" r="3" fill="#7FA1FF" />
        </svg>
        <span class="topbar__wordmark">clarifai</span>
      </Link>
      <nav class="topbar__nav" aria-label="Main">
        <a class="topbar__link" href={withEra('/explore', loc)}>
          Community
        </a>
        <a class="topbar__link" href={withEra('/compute', loc)}>
          Compute
        </a>
        <a class="topbar__link" href="https://docs.clarifai.com/">
          Docs
        </a>
      </nav>
      <div class="topbar__search">
        <input class="topbar__search-input" type="search" placeholder="Search models, workflows, apps…" aria-label="Search" />
      </div>
      <div class="topbar__user" title={userId}>
        <span class="avatar" aria-hidden="true">
          {userId.slice(0, 2).toUpperCase()}
        </span>
        <span class="topbar__user-id">{userId}</span>
      </div>
    </header>
  );
}

const NAV_APPS = ['app-001', 'app-002'];

export function AppLayout(props: {
  userId: string;
  ownerId: string;
  appId: string;
  section: 'overview' | 'settings';
  loc: Loc;
  children: ComponentChildren;
}): JSX.Element {
  const { ownerId, appId, section, loc } = props;
  const base = `/${encodeURIComponent(ownerId)}/${encodeURIComponent(appId)}`;
  const item = (label: string, href: string | null, active = false): JSX.Element => (
    <li key={label} class={`sidebar__item${active ? ' sidebar__item--active' : ''}`}>
      {href ? (
        <Link class="sidebar__link" href={withEra(href, loc)} aria-current={active ? 'page' : undefined}>
          {label}
        </Link>
      ) : (
        <span class="sidebar__link sidebar__link--disabled">{label}</span>
      )}
    </li>
  );
  const apps = NAV_APPS.includes(appId) ? NAV_APPS : [appId, ...NAV_APPS];
  return (
    <div class="layout">
      <TopBar userId={props.userId} loc={loc} />
      <div class="layout__body">
        <aside class="sidebar">
          <div class="sidebar__app">
            <span class="sidebar__app-icon" aria-hidden="true">
              {appId.slice(0, 1).toUpperCase()}
            </span>
            <div>
              <div class="sidebar__app-owner">{ownerId}</div>
              <div class="sidebar__app-name">{appId}</div>
            </div>
          </div>
          <nav aria-label="App">
            <ul class="sidebar__list">
              {item('Overview', base, section === 'overview')}
              {item('Inputs', null)}
              {item('Models', null)}
              {item('Workflows', null)}
              {item('Labeling Tasks', null)}
              {item('Settings', `${base}/settings`, section === 'settings')}
            </ul>
          </nav>
          <nav aria-label="Your apps" class="sidebar__apps">
            <div class="sidebar__heading">Your apps</div>
            <ul class="sidebar__list">
              {apps.map((id) =>
                item(id, `/${encodeURIComponent(ownerId)}/${encodeURIComponent(id)}${section === 'settings' ? '/settings' : ''}`, id === appId),
              )}
            </ul>
          </nav>
        </aside>
        <main class="content">{props.children}</main>
      </div>
    </div>
  );
}

/** Today's pages: app settings (with the API Keys section), app overview, the apps list. */
import type { ComponentType, JSX } from 'preact';
import { Link, withEra, type Loc } from '../router.tsx';
import { useEnv } from '../shared/context.ts';
import { ConfirmDelete, NewKeyNotice } from '../shared/Notices.tsx';
import { useLate } from '../shared/react-like.ts';
import { formatDate, keyLabel, maskId, useKeys, type KeysPage } from '../shared/use-keys.ts';
import { AccordionKeyDialog } from '../shapes/AccordionKeyDialog.tsx';
import { AriaKeyDialog } from '../shapes/AriaKeyDialog.tsx';
import { HumanKeyDialog } from '../shapes/HumanKeyDialog.tsx';
import { shapeOf, type DialogShape } from '../shapes/index.ts';
import { MuiKeyDialog } from '../shapes/MuiKeyDialog.tsx';
import { RerenderKeyDialog } from '../shapes/RerenderKeyDialog.tsx';
import { TabsKeyDialog } from '../shapes/TabsKeyDialog.tsx';
import { KeyDialog, type KeyDialogProps } from './KeyDialog.tsx';
import { AppLayout, TopBar } from './Layout.tsx';

function PencilIcon(): JSX.Element {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d="M4 20h4L19 9l-4-4L4 16v4z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
    </svg>
  );
}

function TrashIcon(): JSX.Element {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d="M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
    </svg>
  );
}

/** The dialog of each `?shape=` (shapes/index.ts); without one, today's default dialog. */
const SHAPED_DIALOGS: Readonly<Record<DialogShape, ComponentType<KeyDialogProps>>> = {
  mui: MuiKeyDialog,
  human: HumanKeyDialog,
  accordion: AccordionKeyDialog,
  rerender: RerenderKeyDialog,
  tabs: TabsKeyDialog,
  aria: AriaKeyDialog,
};

/**
 * The dialog arrives like a code-split chunk: nothing, then the whole form. The one place that picks
 * the dialog's shape from the page's `?shape=`.
 */
function LazyKeyDialog({ page }: { page: KeysPage }): JSX.Element | null {
  const { dialogDelay } = useEnv();
  const ready = useLate(dialogDelay);
  const d = page.dialog;
  if (!ready || !d) return null;
  const shape = shapeOf(typeof location === 'undefined' ? '' : location.search);
  const Dialog = shape ? SHAPED_DIALOGS[shape] : KeyDialog;
  return d.mode === 'edit' ? (
    <Dialog mode="edit" editing={d.key} onClose={page.closeDialog} onSave={page.save} />
  ) : (
    <Dialog mode="create" onClose={page.closeDialog} onSave={page.save} />
  );
}

function ApiKeysCard({ ownerId, appId }: { ownerId: string; appId: string }): JSX.Element {
  const page = useKeys(ownerId, appId);
  const { keys } = page;
  return (
    <section class="card" aria-labelledby="api-keys-heading">
      <div class="card__header">
        <div>
          <h2 class="card__title" id="api-keys-heading">
            API Keys
          </h2>
          <p class="card__subtitle">App-specific keys can call the API for this app only, with the scopes you give them.</p>
        </div>
        <button type="button" class="button button--primary" onClick={page.openCreate}>
          <svg class="button__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 2v12M2 8h12" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
          Create API Key
        </button>
      </div>
      {page.created && <NewKeyNotice className="new-key toast" created={page.created} onDismiss={page.dismissCreated} />}
      {page.loadError && (
        <div class="form-error" role="alert">
          Could not load the keys: {page.loadError}
        </div>
      )}
      {keys === null && !page.loadError && <p class="card__empty">Loading keys…</p>}
      {keys?.length === 0 && <p class="card__empty">This app has no API keys yet.</p>}
      {keys && keys.length > 0 && (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} class="data-table__row">
                <td class="data-table__primary">{keyLabel(k)}</td>
                <td>
                  <code class="masked-key">{maskId(k.id)}</code>
                </td>
                <td>
                  <span class="chip" title={k.scopes.join(', ')}>
                    {k.scopes.length === 1 ? '1 scope' : `${k.scopes.length} scopes`}
                  </span>
                </td>
                <td class="data-table__muted">{formatDate(k.created_at)}</td>
                <td class="data-table__actions">
                  <button type="button" class="icon-button" aria-label={`Edit key ${keyLabel(k)}`} title="Edit" onClick={() => page.openEdit(k)}>
                    <PencilIcon />
                  </button>
                  <button
                    type="button"
                    class="icon-button icon-button--danger"
                    aria-label={`Delete key ${keyLabel(k)}`}
                    title="Delete"
                    onClick={() => page.askDelete(k)}
                  >
                    <TrashIcon />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.dialog && <LazyKeyDialog key={page.dialog.mode === 'edit' ? `edit-${page.dialog.key.id}` : 'create'} page={page} />}
      {page.confirmDelete && (
        <ConfirmDelete
          className="modal"
          target={page.confirmDelete}
          error={page.deleteError}
          onCancel={() => page.askDelete(null)}
          onConfirm={() => page.remove(page.confirmDelete!)}
        />
      )}
    </section>
  );
}

export function SettingsPage({ ownerId, appId, loc }: { ownerId: string; appId: string; loc: Loc }): JSX.Element {
  const { userId } = useEnv();
  return (
    <AppLayout userId={userId} ownerId={ownerId} appId={appId} section="settings" loc={loc}>
      <div class="page-header">
        <h1 class="page-header__title">App Settings</h1>
        <p class="page-header__subtitle">
          {ownerId} / {appId}
        </p>
      </div>
      <section class="card" aria-labelledby="app-details-heading">
        <h2 class="card__title" id="app-details-heading">
          App details
        </h2>
        <dl class="details">
          <dt>App ID</dt>
          <dd>
            <code>{appId}</code>
          </dd>
          <dt>Owner</dt>
          <dd>{ownerId}</dd>
          <dt>Base workflow</dt>
          <dd>Universal</dd>
        </dl>
      </section>
      <ApiKeysCard key={`${ownerId}/${appId}`} ownerId={ownerId} appId={appId} />
      <section class="card card--danger" aria-labelledby="danger-heading">
        <h2 class="card__title" id="danger-heading">
          Danger zone
        </h2>
        <p class="card__subtitle">Deleting an app removes its inputs, models, workflows and keys.</p>
        <button type="button" class="button button--danger-outline" disabled>
          Delete app
        </button>
      </section>
    </AppLayout>
  );
}

export function OverviewPage({ ownerId, appId, loc }: { ownerId: string; appId: string; loc: Loc }): JSX.Element {
  const { userId } = useEnv();
  const stats: [string, string][] = [
    ['Inputs', '1,284'],
    ['Models', '7'],
    ['Workflows', '3'],
    ['Datasets', '2'],
  ];
  return (
    <AppLayout userId={userId} ownerId={ownerId} appId={appId} section="overview" loc={loc}>
      <div class="page-header">
        <h1 class="page-header__title">{appId}</h1>
        <p class="page-header__subtitle">App overview</p>
      </div>
      <div class="stats">
        {stats.map(([label, value]) => (
          <div class="card stat" key={label}>
            <div class="stat__value">{value}</div>
            <div class="stat__label">{label}</div>
          </div>
        ))}
      </div>
      <section class="card" aria-labelledby="getting-started-heading">
        <h2 class="card__title" id="getting-started-heading">
          Getting started
        </h2>
        <p class="card__subtitle">Upload inputs, train a model, or call a workflow from your code.</p>
        <Link class="button button--secondary" href={withEra(`/${encodeURIComponent(ownerId)}/${encodeURIComponent(appId)}/settings`, loc)}>
          Go to App Settings
        </Link>
      </section>
    </AppLayout>
  );
}

export function HomePage({ loc }: { loc: Loc }): JSX.Element {
  const { userId } = useEnv();
  return (
    <div class="layout">
      <TopBar userId={userId} loc={loc} />
      <main class="content content--wide">
        <div class="page-header">
          <h1 class="page-header__title">My Apps</h1>
        </div>
        <ul class="app-grid">
          {['app-001', 'app-002', 'app-003'].map((id) => (
            <li class="card app-card" key={id}>
              <Link class="app-card__link" href={withEra(`/${encodeURIComponent(userId)}/${id}`, loc)}>
                {id}
              </Link>
              <Link class="app-card__settings" href={withEra(`/${encodeURIComponent(userId)}/${id}/settings`, loc)}>
                Settings
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}

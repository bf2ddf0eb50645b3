/** The 2018-2022 portal.clarifai.com pages: the applications list and an app's details page. */
import type { ComponentChildren, JSX } from 'preact';
import { Link, withEra, type Loc } from '../router.tsx';
import { useEnv } from '../shared/context.ts';
import { ConfirmDelete, NewKeyNotice } from '../shared/Notices.tsx';
import { useLate } from '../shared/react-like.ts';
import { formatDate, keyLabel, maskId, useKeys, type KeysPage } from '../shared/use-keys.ts';
import { KeyModal2019 } from './KeyModal2019.tsx';

function Shell({ loc, children }: { loc: Loc; children: ComponentChildren }): JSX.Element {
  const { userId } = useEnv();
  return (
    <div class="legacy">
      <nav class="legacy-navbar" aria-label="Main">
        <Link class="legacy-navbar__brand" href={withEra('/', loc)}>
          clarifai
        </Link>
        <ul class="legacy-navbar__links">
          <li>
            <Link href={withEra('/', loc)} class="legacy-navbar__link legacy-navbar__link--active">
              Applications
            </Link>
          </li>
          <li>
            <a href="https://docs.clarifai.com/" class="legacy-navbar__link">
              Docs
            </a>
          </li>
          <li>
            <a href={withEra('/models', loc)} class="legacy-navbar__link">
              Model Gallery
            </a>
          </li>
        </ul>
        <div class="legacy-navbar__user">{userId}</div>
      </nav>
      <div class="legacy-container">{children}</div>
    </div>
  );
}

function LazyModal({ page }: { page: KeysPage }): JSX.Element | null {
  const { dialogDelay } = useEnv();
  const ready = useLate(dialogDelay);
  const d = page.dialog;
  if (!ready || !d) return null;
  return d.mode === 'edit' ? (
    <KeyModal2019 mode="edit" editing={d.key} onClose={page.closeDialog} onSave={page.save} />
  ) : (
    <KeyModal2019 mode="create" onClose={page.closeDialog} onSave={page.save} />
  );
}

function KeysPanel({ userId, appId }: { userId: string; appId: string }): JSX.Element {
  const page = useKeys(userId, appId);
  const { keys } = page;
  return (
    <div class="panel" role="region" aria-labelledby="legacy-keys-heading">
      <div class="panel-heading">
        <h3 class="panel-title" id="legacy-keys-heading">
          API Keys
        </h3>
        <button type="button" class="btn btn-primary btn-sm" onClick={page.openCreate}>
          Create API Key
        </button>
      </div>
      <div class="panel-body">
        {page.created && <NewKeyNotice className="new-key alert alert-success" created={page.created} onDismiss={page.dismissCreated} />}
        {page.loadError && (
          <div class="alert alert-danger" role="alert">
            {page.loadError}
          </div>
        )}
        {keys === null && !page.loadError && <p class="text-muted">Loading…</p>}
        {keys?.length === 0 && <p class="text-muted">No API keys yet.</p>}
        {keys && keys.length > 0 && (
          <table class="table table-striped">
            <thead>
              <tr>
                <th>Key</th>
                <th>Description</th>
                <th>Scopes</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    <code>{maskId(k.id)}</code>
                  </td>
                  <td>{keyLabel(k)}</td>
                  <td>{k.scopes.length === 1 ? '1 scope' : `${k.scopes.length} scopes`}</td>
                  <td>{formatDate(k.created_at)}</td>
                  <td class="text-right">
                    <button type="button" class="btn btn-link btn-xs legacy-action" aria-label={`Edit key ${keyLabel(k)}`} onClick={() => page.openEdit(k)}>
                      EDIT
                    </button>
                    <button
                      type="button"
                      class="btn btn-link btn-xs legacy-action text-danger"
                      aria-label={`Delete key ${keyLabel(k)}`}
                      onClick={() => page.askDelete(k)}
                    >
                      DELETE
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {page.dialog && <LazyModal key={page.dialog.mode === 'edit' ? `edit-${page.dialog.key.id}` : 'create'} page={page} />}
      {page.confirmDelete && (
        <ConfirmDelete
          className="modal"
          target={page.confirmDelete}
          error={page.deleteError}
          onCancel={() => page.askDelete(null)}
          onConfirm={() => page.remove(page.confirmDelete!)}
        />
      )}
    </div>
  );
}

export function DetailsPage({ appId, loc }: { appId: string; loc: Loc }): JSX.Element {
  const { userId } = useEnv();
  return (
    <Shell loc={loc}>
      <ol class="breadcrumb">
        <li>
          <Link href={withEra('/', loc)}>Applications</Link>
        </li>
        <li class="active">{appId}</li>
      </ol>
      <h1 class="legacy-title">{appId}</h1>
      <ul class="nav-tabs" aria-label="Application">
        <li class="active">
          <span>Details</span>
        </li>
        <li>
          <span>Explorer</span>
        </li>
        <li>
          <span>Usage</span>
        </li>
      </ul>
      <div class="panel">
        <div class="panel-heading">
          <h3 class="panel-title">Application Details</h3>
        </div>
        <div class="panel-body">
          <dl class="dl-horizontal">
            <dt>App ID</dt>
            <dd>
              <code>{appId}</code>
            </dd>
            <dt>Owner</dt>
            <dd>{userId}</dd>
            <dt>Base Workflow</dt>
            <dd>General</dd>
          </dl>
        </div>
      </div>
      <KeysPanel key={appId} userId={userId} appId={appId} />
    </Shell>
  );
}

export function ApplicationsPage({ loc }: { loc: Loc }): JSX.Element {
  return (
    <Shell loc={loc}>
      <h1 class="legacy-title">Applications</h1>
      <div class="panel">
        <table class="table">
          <thead>
            <tr>
              <th>Application</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {['app-001', 'app-002', 'app-003'].map((id) => (
              <tr key={id}>
                <td>{id}</td>
                <td class="text-right">
                  <Link href={withEra(`/apps/${id}/details`, loc)}>Details</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Shell>
  );
}

export function LegacyNotFound({ loc }: { loc: Loc }): JSX.Element {
  return (
    <Shell loc={loc}>
      <h1 class="legacy-title">Page not found</h1>
      <p>
        <Link href={withEra('/', loc)}>Back to Applications</Link>
      </p>
    </Shell>
  );
}

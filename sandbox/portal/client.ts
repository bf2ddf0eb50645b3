/**
 * The portal's own calls to api.clarifai.com. Like the real portal, it authenticates with the browser
 * session (header X-Clarifai-Session-Token), never with a PAT, and reads `status.code` from the body.
 */

export const API_BASE = 'https://api.clarifai.com';

export interface PortalKey {
  id: string;
  description: string;
  scopes: string[];
  apps: { id: string; user_id: string }[];
  created_at?: string;
  expires_at?: string;
}

export interface KeyDraft {
  description: string;
  scopes: string[];
}

interface Envelope {
  status?: { code?: number; description?: string; details?: string };
  keys?: PortalKey[];
}

export class PortalApiError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class PortalApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<Envelope> {
    const headers: Record<string, string> = { 'X-Clarifai-Session-Token': this.token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(API_BASE + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new PortalApiError('Could not reach the Clarifai API. Check your connection and try again.', 0);
    }
    let env: Envelope;
    try {
      env = (await res.json()) as Envelope;
    } catch {
      throw new PortalApiError(`Unexpected response from the Clarifai API (HTTP ${res.status}).`, 0);
    }
    const code = env.status?.code ?? 0;
    if (code !== 10000) {
      const d = env.status?.description || `Request failed (HTTP ${res.status})`;
      throw new PortalApiError(env.status?.details ? `${d}: ${env.status.details}` : d, code);
    }
    return env;
  }

  async listAppKeys(userId: string, appId: string): Promise<PortalKey[]> {
    const env = await this.call('GET', `/v2/users/${enc(userId)}/apps/${enc(appId)}/keys?page=1&per_page=100`);
    // The JSON leaves out empty repeated fields and empty strings (proto3): a key with endpoint-level
    // scopes only comes without `scopes`.
    return (env.keys ?? []).map((k) => ({ ...k, description: k.description ?? '', scopes: k.scopes ?? [], apps: k.apps ?? [] }));
  }

  async createKey(userId: string, appId: string, draft: KeyDraft): Promise<PortalKey> {
    const env = await this.call('POST', `/v2/users/${enc(userId)}/keys`, {
      keys: [{ description: draft.description, scopes: draft.scopes, apps: [{ id: appId, user_id: userId }] }],
    });
    const key = env.keys?.[0];
    if (!key) throw new PortalApiError('The API created no key.', 0);
    return key;
  }

  async updateKey(userId: string, appId: string, id: string, draft: KeyDraft): Promise<PortalKey | undefined> {
    const env = await this.call('PATCH', `/v2/users/${enc(userId)}/keys`, {
      keys: [{ id, description: draft.description, scopes: draft.scopes, apps: [{ id: appId, user_id: userId }] }],
      action: 'overwrite',
    });
    return env.keys?.[0];
  }

  async deleteKey(userId: string, id: string): Promise<void> {
    await this.call('DELETE', `/v2/users/${enc(userId)}/keys/${enc(id)}`);
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

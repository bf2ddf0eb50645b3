/**
 * Fixed identities and secrets of the sandbox. They do not depend on the seed, so tests, the fake portal
 * and the README can name them. (All of them are fake and only ever served on 127.0.0.1.)
 */

export const DEFAULT_SEED = 20_240_611;

export const DEMO_USER_ID = 'demo-user';
export const ORG_ID = 'acme-org';
export const PARTNER_USER_ID = 'partner-user';

/** demo-user's Personal Access Token with every scope the extension needs. */
export const SANDBOX_PAT = '5a1db0c4e2f94d7b8c3a6e0f1d2b9a47';
/** demo-user's PAT without Keys:Add and Collaborators:Get (calls needing them answer 11007). */
export const SANDBOX_PAT_READONLY = 'b3d9f2a6c8e04a1b9d7f5e3c1a0b8d62';
/** partner-user's PAT (scope All), for cross-user checks. */
export const PARTNER_PAT = '9c4e1f7a2b8d3e6f0a5c9b1d4e7f2a80';
/** demo-user's portal browser session, sent by the fake portal as header X-Clarifai-Session-Token. */
export const SANDBOX_SESSION_TOKEN = 'sess-5f0c8a2e9b7d4c1e8a3f6b2d0e9c7a14';
/** Header that carries the browser session. */
export const SESSION_HEADER = 'x-clarifai-session-token';

/** An old app whose id is 32 hex digits, as apps created before readable ids have. */
export const LEGACY_APP_ID = 'c8e1f0a4b2d94e7fa6b3c5d7e9f1a2b3';

/** demo-user's apps with hostile text (the picker and every list must render them as plain text). */
export const HOSTILE_APPS = {
  /** name `<img src=x onerror=alert(1)>` */
  markupName: 'app-007',
  /** description of exactly 2,000 characters */
  longDescription: 'app-013',
  /** right-to-left text, a right-to-left override character and emoji in name and description */
  rtlEmoji: 'app-021',
  /** no name at all (the field is omitted, like every zero value): show the id */
  noName: 'app-033',
} as const;

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

export const DEMO_APP_COUNT = 40;
export const ORG_APP_COUNT = 1500;

export const API_HOST = 'api.clarifai.com';
export const PORTAL_HOSTS = ['clarifai.com', 'portal.clarifai.com'] as const;

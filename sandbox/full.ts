/** The whole sandbox as the tests, `npm start` and the bench use it: the fake API and the fake portal. */
import { createPortalHandler } from './portal/serve.ts';
import { startSandbox } from './server.ts';
import { DEMO_USER_ID, SANDBOX_SESSION_TOKEN } from './state.ts';

export type FullSandbox = Awaited<ReturnType<typeof startSandbox>>;

export async function startFullSandbox(): Promise<FullSandbox> {
  return startSandbox({ handlePortal: await createPortalHandler({ sessionToken: SANDBOX_SESSION_TOKEN, userId: DEMO_USER_ID }) });
}

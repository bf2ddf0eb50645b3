/** What every page of the fake portal needs: the API client, the session's user, the dialogs' delay. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PortalApi } from '../client.ts';

export interface PortalEnv {
  api: PortalApi;
  /** The signed-in user (the session's owner). */
  userId: string;
  /** Milliseconds before a lazily loaded dialog renders (random 200-600 by default). */
  dialogDelay: () => number;
}

export const Env = createContext<PortalEnv | null>(null);

export function useEnv(): PortalEnv {
  const env = useContext(Env);
  if (!env) throw new Error('portal: no Env provider');
  return env;
}

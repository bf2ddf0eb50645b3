/** The JSON shapes of the Clarifai REST API that Keysmith reads (grpc-gateway, snake_case). */
import type { ClarifaiStatus } from './errors.ts';

export interface ApiUser {
  id: string;
  first_name?: string;
  last_name?: string;
  company_name?: string;
  created_at?: string;
}

export interface ApiApp {
  id: string;
  name?: string;
  user_id?: string;
  description?: string;
  created_at?: string;
  modified_at?: string;
  visibility?: { gettable?: number };
  is_starred?: boolean;
  star_count?: number;
  default_workflow?: unknown;
}

export interface ApiCollaboration {
  id?: string;
  app?: ApiApp;
  app_owner?: ApiUser;
  scopes?: string[];
  endpoints?: string[];
  created_at?: string;
}

export interface ApiKey {
  /** The secret itself. Never log it, never send it to a content script unasked. */
  id: string;
  type?: string;
  description?: string;
  scopes?: string[];
  endpoints?: string[];
  apps?: { id: string; user_id?: string }[];
  created_at?: string;
  expires_at?: string;
  authorized_idp_ids?: string[];
}

export interface NewKey {
  description: string;
  scopes: string[];
  endpoints?: string[];
  apps: { id: string; user_id: string }[];
  expires_at?: string;
}

export interface WithStatus {
  status?: ClarifaiStatus;
}

export interface ListAppsQuery {
  page?: number;
  per_page?: number;
  sort_ascending?: boolean;
  sort_by?: 'name' | 'modified_at' | 'created_at' | 'star_count' | 'id';
  search?: string;
  starred_only?: boolean;
}

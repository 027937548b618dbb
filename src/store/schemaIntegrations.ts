/** The tables of single sign-on and webhooks (migration 009), part of `Database` in schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json = string;
type Ms = number;

/** The OIDC client's configuration (migration 009): one row, id 1. */
export interface SsoConfigTable {
  id: number;
  enabled: number;
  issuer: string;
  client_id: string;
  /** AES-256-GCM ciphertext (services/secrets/); never returned. */
  client_secret_enc: string | null;
  /** JSON of the rest: allowed domains, claim mapping, just-in-time creation, password sign-in. */
  settings: Json;
  updated_at: Ms;
}

/** A sign-in in flight: its callback uses the row once. */
export interface SsoPendingTable {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Ms;
}

export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: Ms;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  description: string;
  /** NULL: every project (and the global events). */
  project_id: number | null;
  /** JSON array of event names. */
  events: Json;
  secret_enc: string;
  enabled: ColumnType<number, number | undefined, number>;
  disabled_reason: string | null;
  created_by: number | null;
  created_at: Ms;
  updated_at: Ms;
}

/** The outbox: one row per event × endpoint, written in the event's transaction (mostly by triggers). */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  event: string;
  project_id: number | null;
  /** JSON of the event's internal ids; the payload is rendered from them at delivery. */
  subject: Json;
  status: 'pending' | 'delivered' | 'dead';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Ms;
  locked_until: Ms | null;
  last_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: Ms;
  delivered_at: Ms | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  at: Ms;
  status: number | null;
  error: string | null;
  latency_ms: number;
}

export interface IntegrationTables {
  sso_config: SsoConfigTable;
  sso_pending: SsoPendingTable;
  user_identities: UserIdentitiesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

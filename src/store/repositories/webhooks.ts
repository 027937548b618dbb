/** Webhook endpoints (migration 009): where events go, which ones, and the sealed signing secret. */
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from '../schemaIntegrations.js';
import type { Db } from '../transaction.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export interface NewEndpoint {
  url: string;
  description: string;
  projectId: number | null;
  events: string[];
  secretSealed: string;
  createdBy: number | null;
  at: number;
}

export async function insertEndpoint(db: Db, e: NewEndpoint): Promise<EndpointRow> {
  return db
    .insertInto('webhook_endpoints')
    .values({
      url: e.url,
      description: e.description,
      project_id: e.projectId,
      events: JSON.stringify(e.events),
      secret_enc: e.secretSealed,
      created_by: e.createdBy,
      created_at: e.at,
      updated_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function endpointById(db: Db, id: number): Promise<EndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEndpoints(db: Db): Promise<EndpointRow[]> {
  return db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
}

export interface EndpointChange {
  url?: string;
  description?: string;
  events?: string[];
  enabled?: boolean;
  disabledReason?: string | null;
  secretSealed?: string;
  at: number;
}

export async function updateEndpoint(db: Db, id: number, c: EndpointChange): Promise<EndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({
      ...(c.url !== undefined && { url: c.url }),
      ...(c.description !== undefined && { description: c.description }),
      ...(c.events !== undefined && { events: JSON.stringify(c.events) }),
      ...(c.enabled !== undefined && { enabled: c.enabled ? 1 : 0 }),
      ...(c.disabledReason !== undefined && { disabled_reason: c.disabledReason }),
      ...(c.secretSealed !== undefined && { secret_enc: c.secretSealed }),
      updated_at: c.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Removes the endpoint with its outbox rows and delivery log. */
export async function deleteEndpoint(db: Db, id: number): Promise<boolean> {
  const deliveries = db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id);
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
  await db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  const gone = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(gone.numDeletedRows) === 1;
}

/** Pending and dead deliveries per endpoint, for the list. */
export async function deliveryCounts(db: Db): Promise<Map<number, { pending: number; dead: number }>> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'dead'])
    .groupBy(['endpoint_id', 'status'])
    .execute();
  const out = new Map<number, { pending: number; dead: number }>();
  for (const r of rows) {
    const c = out.get(r.endpoint_id) ?? { pending: 0, dead: 0 };
    c[r.status as 'pending' | 'dead'] = Number(r.n);
    out.set(r.endpoint_id, c);
  }
  return out;
}

/** Admins, to be told when an endpoint is switched off. */
export async function adminIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute();
  return rows.map((r) => r.id);
}

/**
 * The webhook outbox (migration 009): deliveries written in the transaction of their event (by the
 * triggers of 009, or by `enqueueEvent` for events made in code), claimed by delivery workers, and
 * the log of every attempt. A claim is a lease (`locked_until`): a worker that dies mid-send leaves
 * the row to be sent again once its claim lapses, under the same id (at least once, never lost).
 */
import type { Selectable } from 'kysely';
import type { Store } from '../database.js';
import type { WebhookDeliveriesTable } from '../schemaIntegrations.js';
import { writeTransaction, type Db } from '../transaction.js';

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Writes one delivery per enabled endpoint that wants `event` (for the project, or for all). Pass the event's transaction. */
export async function enqueueEvent(
  db: Db,
  event: string,
  projectId: number | null,
  subject: Record<string, unknown>,
  at: number,
): Promise<number> {
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('enabled', '=', 1)
    .where('events', 'like', `%"${event}"%`)
    .where((eb) =>
      projectId === null ? eb('project_id', 'is', null) : eb.or([eb('project_id', 'is', null), eb('project_id', '=', projectId)]),
    )
    .execute();
  if (endpoints.length === 0) return 0;
  await db
    .insertInto('webhook_deliveries')
    .values(
      endpoints.map((e) => ({
        endpoint_id: e.id,
        event,
        project_id: projectId,
        subject: JSON.stringify(subject),
        status: 'pending' as const,
        next_attempt_at: at,
        created_at: at,
      })),
    )
    .execute();
  return endpoints.length;
}

export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secret_enc: string;
}

/** Claims up to `limit` due deliveries until `now + leaseMs`; on PostgreSQL concurrent workers skip each other's rows. */
export async function claimDueDeliveries(store: Store, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  return writeTransaction(store, async (db) => {
    let due = db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      // A switched-off endpoint's deliveries wait; switching it on again sends them.
      .where('endpoint_id', 'in', (eb) => eb.selectFrom('webhook_endpoints').select('id').where('enabled', '=', 1))
      .orderBy('next_attempt_at')
      .limit(limit);
    if (store.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await db
      .updateTable('webhook_deliveries')
      .set({ locked_until: now + leaseMs })
      .where('id', 'in', ids)
      .execute();
    return db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .selectAll('d')
      .select(['e.url', 'e.secret_enc'])
      .where('d.id', 'in', ids)
      .orderBy('d.id')
      .execute();
  });
}

export interface AttemptOutcome {
  deliveryId: number;
  at: number;
  status: number | null;
  error: string | null;
  latencyMs: number;
  /** What becomes of the row: delivered, retried at `nextAttemptAt`, or dead. */
  result: { kind: 'delivered' } | { kind: 'retry'; nextAttemptAt: number } | { kind: 'dead' };
}

export async function recordAttempt(db: Db, o: AttemptOutcome): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({ delivery_id: o.deliveryId, at: o.at, status: o.status, error: o.error, latency_ms: o.latencyMs })
    .execute();
  const last = { last_status: o.status, last_error: o.error, last_latency_ms: o.latencyMs, locked_until: null };
  const next =
    o.result.kind === 'delivered'
      ? { status: 'delivered' as const, delivered_at: o.at }
      : o.result.kind === 'retry'
        ? { next_attempt_at: o.result.nextAttemptAt }
        : { status: 'dead' as const };
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ ...last, ...next, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', o.deliveryId)
    .execute();
}

/** Whether the endpoint's latest `n` finished deliveries all died (persistent failure). */
export async function lastDeliveriesAllDead(db: Db, endpointId: number, n: number): Promise<boolean> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('status')
    .where('endpoint_id', '=', endpointId)
    .where('status', '!=', 'pending')
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows.length === n && rows.every((r) => r.status === 'dead');
}

export async function deliveriesOf(
  db: Db,
  endpointId: number,
  status: DeliveryRow['status'] | undefined,
  limit: number,
): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function deliveryById(db: Db, id: number): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sends a delivery again now, whatever became of it, under the same message id. */
export async function requeueDelivery(db: Db, id: number, at: number): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: at, locked_until: null, delivered_at: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The webhook outbox (migration 009): deliveries written in the transaction of their event (by the
 * triggers of 009, or by `enqueueEvent` for events made in code), claimed by delivery workers, and
 * the log of every attempt. A claim is a lease (`locked_until`): a worker that dies mid-send leaves
 * the row to be sent again once its claim lapses, under the same id (at least once, never lost).
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Database } from '../schema.js';
import type { WebhookDeliveriesTable } from '../schemaIntegrations.js';
import type { Db } from '../transaction.js';

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

/** A claimed delivery with what sending it needs: its event and subject, and its endpoint's address and sealed secret. */
export interface ClaimedDelivery {
  id: number;
  endpoint_id: number;
  event: string;
  subject: string;
  attempts: number;
  created_at: number;
  url: string;
  secret_enc: string;
}

/**
 * Claims up to `limit` due deliveries until `now + leaseMs` in one statement that also returns what
 * sending them needs (no transaction, no second read). On PostgreSQL concurrent workers skip each
 * other's rows (SKIP LOCKED) and a row another worker claimed meanwhile fails the re-checked condition.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  dialect: Dialect,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  // A switched-off endpoint's deliveries wait; switching it on again sends them.
  const due = sql`d.status = 'pending' AND d.next_attempt_at <= ${now} AND (d.locked_until IS NULL OR d.locked_until <= ${now})
    AND d.endpoint_id IN (SELECT id FROM webhook_endpoints WHERE enabled = 1)`;
  const claimed =
    dialect === 'postgres'
      ? await sql<ClaimedDelivery>`
          WITH due AS (
            SELECT d.id FROM webhook_deliveries d WHERE ${due} ORDER BY d.next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
          )
          UPDATE webhook_deliveries d SET locked_until = ${now + leaseMs}
          FROM due, webhook_endpoints e
          WHERE d.id = due.id AND e.id = d.endpoint_id
          RETURNING d.id, d.endpoint_id, d.event, d.subject, d.attempts, d.created_at, e.url, e.secret_enc`.execute(db)
      : // One statement is one write transaction on SQLite: no other process claims in between.
        await sql<ClaimedDelivery>`
          UPDATE webhook_deliveries SET locked_until = ${now + leaseMs}
          WHERE id IN (SELECT d.id FROM webhook_deliveries d WHERE ${due} ORDER BY d.next_attempt_at LIMIT ${limit})
          RETURNING id, endpoint_id, event, subject, attempts, created_at,
            (SELECT e.url FROM webhook_endpoints e WHERE e.id = endpoint_id) AS url,
            (SELECT e.secret_enc FROM webhook_endpoints e WHERE e.id = endpoint_id) AS secret_enc`.execute(db);
  return claimed.rows.sort((a, b) => a.id - b.id);
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

/** What an attempt sets on its delivery, as SQL over the outcomes' row `o` and the delivery `d`. */
const SETS_AFTER_ATTEMPT = sql`attempts = d.attempts + 1, last_status = o.status, last_error = o.error,
  last_latency_ms = o.latency_ms, locked_until = NULL,
  status = CASE o.outcome WHEN 'retry' THEN d.status ELSE o.outcome END,
  delivered_at = CASE o.outcome WHEN 'delivered' THEN o.at ELSE d.delivered_at END,
  next_attempt_at = COALESCE(o.next_attempt_at, d.next_attempt_at)`;

/**
 * Logs a batch of attempts and moves their deliveries on (delivered, retry later, dead). On PostgreSQL
 * one statement for the whole batch (the outcomes travel as arrays); on SQLite two in one transaction.
 */
export async function recordAttempts(db: Kysely<Database>, dialect: Dialect, outcomes: readonly AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const column = <T>(f: (o: AttemptOutcome) => T) => outcomes.map(f);
  const outcome = (o: AttemptOutcome) => o.result.kind;
  const nextAt = (o: AttemptOutcome) => (o.result.kind === 'retry' ? o.result.nextAttemptAt : null);
  if (dialect === 'postgres') {
    await sql`
      WITH o AS (
        SELECT * FROM unnest(${column((o) => o.deliveryId)}::bigint[], ${column((o) => o.at)}::bigint[],
          ${column((o) => o.status)}::int[], ${column((o) => o.error)}::text[], ${column((o) => o.latencyMs)}::int[],
          ${column(outcome)}::text[], ${column(nextAt)}::bigint[])
          AS o(id, at, status, error, latency_ms, outcome, next_attempt_at)
      ), logged AS (
        INSERT INTO webhook_attempts (delivery_id, at, status, error, latency_ms)
        SELECT id, at, status, error, latency_ms FROM o ORDER BY id
      )
      UPDATE webhook_deliveries d SET ${SETS_AFTER_ATTEMPT} FROM o WHERE d.id = o.id`.execute(db);
    return;
  }
  const rows = sql.join(
    outcomes.map((o) => sql`(${o.deliveryId}, ${o.at}, ${o.status}, ${o.error}, ${o.latencyMs}, ${outcome(o)}, ${nextAt(o)})`),
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values(outcomes.map((o) => ({ delivery_id: o.deliveryId, at: o.at, status: o.status, error: o.error, latency_ms: o.latencyMs })))
      .execute();
    await sql`
      WITH o(id, at, status, error, latency_ms, outcome, next_attempt_at) AS (VALUES ${rows})
      UPDATE webhook_deliveries AS d SET ${SETS_AFTER_ATTEMPT} FROM o WHERE d.id = o.id`.execute(trx);
  });
}

/** When the earliest pending delivery of an enabled endpoint can next be claimed (null: none is pending). */
export async function nextDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    // A row another worker holds is due again only when its claim lapses.
    .select(sql<number | null>`min(CASE WHEN locked_until > next_attempt_at THEN locked_until ELSE next_attempt_at END)`.as('at'))
    .where('status', '=', 'pending')
    .where('endpoint_id', 'in', (eb) => eb.selectFrom('webhook_endpoints').select('id').where('enabled', '=', 1))
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
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

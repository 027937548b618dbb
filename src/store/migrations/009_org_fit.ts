/**
 * Fits an organisation (issue 19): single sign-on with OpenID Connect, and signed webhooks.
 *
 * - `sso_config` (one row) is the OIDC client's configuration; the client secret is encrypted.
 * - `sso_pending` holds each sign-in in flight (state, nonce, PKCE verifier) until its callback uses it once.
 * - `user_identities` links a provider's subject to a user.
 * - `webhook_endpoints`, `webhook_deliveries` (the outbox: one row per event × endpoint, written in the
 *   transaction of the event) and `webhook_attempts` (the delivery log).
 *
 * Most events are written by triggers, so the paths that make them (a tutor's submit, routing's
 * single-statement PostgreSQL writes, reviews, certifications, imports) need no code for it and the
 * row cannot be forgotten: each trigger inserts one delivery per enabled endpoint that asked for the
 * event, so with no subscription it costs one look at a tiny table. Receivers never see gold: events
 * of gold tasks are not written at all.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export interface OutboxTrigger {
  name: string;
  table: string;
  /** `INSERT`, `DELETE` or `UPDATE OF col`. */
  on: string;
  /** Row condition on NEW./OLD. columns only (PostgreSQL allows no subquery there), checked first. */
  when: string;
  event: string;
  /** SQL for the event's project (NULL for events that only global endpoints receive). */
  projectId: string;
  /** Pairs of [key, SQL value] for the event's subject: internal ids, rendered into a payload at delivery. */
  subject: [string, string][];
  /**
   * Extra condition, evaluated only for an endpoint that wants the event: it sits in a CASE on the endpoint's
   * row, so the planner cannot hoist it (SQLite runs loop-invariant terms before the loop) onto every write.
   */
  extra?: string;
}

export const NOT_GOLD_TASK = (taskId: string) => `NOT EXISTS (SELECT 1 FROM tasks g WHERE g.id = ${taskId} AND g.is_gold = 1)`;
const REACHED = (row: 'NEW' | 'OLD') =>
  `${row}.submitted_count >= COALESCE(${row}.target_judgments, (SELECT p.overlap FROM projects p WHERE p.id = ${row}.project_id))`;

export const TRIGGERS: OutboxTrigger[] = [
  {
    name: 'webhook_annotation_submitted',
    table: 'annotations',
    on: 'INSERT',
    when: '1 = 1',
    event: 'annotation.submitted',
    projectId: 'NEW.project_id',
    subject: [['annotationId', 'NEW.id']],
    extra: NOT_GOLD_TASK('NEW.task_id'),
  },
  {
    name: 'webhook_task_completed',
    table: 'tasks',
    on: 'UPDATE OF submitted_count',
    when: 'NEW.is_gold = 0 AND NEW.submitted_count > OLD.submitted_count',
    event: 'task.completed',
    projectId: 'NEW.project_id',
    subject: [['taskId', 'NEW.id']],
    extra: `${REACHED('NEW')} AND NOT (${REACHED('OLD')})`,
  },
  {
    name: 'webhook_project_completed',
    table: 'tasks',
    on: 'UPDATE OF submitted_count',
    when: 'NEW.is_gold = 0 AND NEW.submitted_count > OLD.submitted_count',
    event: 'project.completed',
    projectId: 'NEW.project_id',
    subject: [['projectId', 'NEW.project_id']],
    // Index-backed (tasks_open_pick, assignments_live_expiry): no other non-gold task open, none leased.
    extra: `${REACHED('NEW')} AND NOT (${REACHED('OLD')})
      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = NEW.project_id AND t.is_open = 1 AND t.is_gold = 0 AND t.id <> NEW.id)
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.project_id = NEW.project_id AND a.state = 'leased' AND a.task_id <> NEW.id
        AND NOT EXISTS (SELECT 1 FROM tasks g WHERE g.id = a.task_id AND g.is_gold = 1))`,
  },
  {
    name: 'webhook_review_decided',
    table: 'reviews',
    on: 'UPDATE OF state',
    when: `OLD.state = 'open' AND NEW.state = 'decided'`,
    event: 'review.decided',
    projectId: 'NEW.project_id',
    subject: [['reviewId', 'NEW.id']],
    extra: NOT_GOLD_TASK('NEW.task_id'),
  },
  {
    name: 'webhook_certification_granted',
    table: 'certifications',
    on: 'INSERT',
    when: '1 = 1',
    event: 'certification.granted',
    projectId: 'NULL',
    subject: [['certificationId', 'NEW.id']],
  },
  {
    name: 'webhook_certification_suspended',
    table: 'certifications',
    on: 'UPDATE OF revoked_at',
    when: 'OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL',
    event: 'certification.suspended',
    projectId: 'NULL',
    subject: [['certificationId', 'NEW.id']],
  },
  {
    name: 'webhook_import_finished',
    table: 'imports',
    on: 'DELETE',
    when: `OLD.state = 'publishing'`,
    event: 'import.finished',
    projectId: 'OLD.project_id',
    subject: [
      ['importId', 'OLD.id'],
      ['projectId', 'OLD.project_id'],
      ['file', 'OLD.file'],
      ['imported', 'OLD.imported'],
      ['skipped', 'OLD.skipped'],
      ['leftOut', 'OLD.left_out'],
    ],
  },
];

export function outboxInsert(dialect: Dialect, t: OutboxTrigger): string {
  const now =
    dialect === 'postgres' ? '(extract(epoch from clock_timestamp()) * 1000)::bigint' : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
  const pairs = t.subject.map(([k, v]) => `'${k}', ${v}`).join(', ');
  const subject = dialect === 'postgres' ? `json_build_object(${pairs})::text` : `json_object(${pairs})`;
  const project = dialect === 'postgres' && t.projectId === 'NULL' ? 'NULL::integer' : t.projectId;
  return `INSERT INTO webhook_deliveries (endpoint_id, event, project_id, subject, status, attempts, next_attempt_at, created_at)
    SELECT e.id, '${t.event}', ${project}, ${subject}, 'pending', 0, ${now}, ${now}
    FROM webhook_endpoints e
    WHERE e.enabled = 1 AND e.events LIKE '%"${t.event}"%' AND (e.project_id IS NULL OR e.project_id = ${project})
      ${t.extra ? `AND CASE WHEN e.events LIKE '%"${t.event}"%' THEN (${t.extra}) ELSE FALSE END` : ''}`;
}

// On PostgreSQL, migration 044 re-creates every outbox function with a guard that returns when no endpoint wants
// the event (`guardedOutboxFunction`); a later migration adding an outbox trigger should install that form too.
export async function createTrigger(db: Kysely<unknown>, dialect: Dialect, t: OutboxTrigger): Promise<void> {
  const insert = outboxInsert(dialect, t);
  if (dialect === 'sqlite') {
    await sql.raw(`CREATE TRIGGER ${t.name} AFTER ${t.on} ON ${t.table} WHEN ${t.when} BEGIN ${insert}; END`).execute(db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION ${t.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $body$
       BEGIN ${insert}; RETURN NULL; END $body$`,
    )
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER ${t.name} AFTER ${t.on} ON ${t.table} FOR EACH ROW WHEN (${t.when}) EXECUTE FUNCTION ${t.name}_fn()`)
    .execute(db);
}

export function up(dialect: Dialect) {
  const id = dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
  const bigId = dialect === 'postgres' ? ('bigserial' as const) : ('integer' as const);
  const ms = 'bigint' as const;
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('sso_config')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      // AES-256-GCM under the server key (services/secrets/); never returned.
      .addColumn('client_secret_enc', 'text')
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_at', ms, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sso_pending')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('user_identities')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
      .execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
      // JSON array of event names; triggers match `"name"` in it.
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret_enc', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('disabled_reason', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('updated_at', ms, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', bigId, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id'))
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('project_id', 'integer')
      .addColumn('subject', 'text', (c) => c.notNull())
      // 'pending' (to send, maybe again), 'delivered', 'dead' (retries used up; manual redelivery revives it).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ms, (c) => c.notNull())
      // A worker's claim: another worker leaves the row alone until then (a crashed worker's claim lapses).
      .addColumn('locked_until', ms)
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_latency_ms', 'integer')
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('delivered_at', ms)
      .execute();
    await sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`.execute(db);
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
    await db.schema
      .createTable('webhook_attempts')
      .addColumn('id', bigId, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('delivery_id', 'bigint', (c) => c.notNull())
      .addColumn('at', ms, (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('error', 'text')
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'id']).execute();

    for (const t of TRIGGERS) await createTrigger(db, dialect, t);
  };
}

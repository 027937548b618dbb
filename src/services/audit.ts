/**
 * The audit log: every admin and manager action is written here, in the same transaction as
 * the change it describes, so the log and the data cannot disagree.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

export interface AuditEvent {
  actorId: number | null;
  /** Verb phrase, dotted: `project.create`, `user.update`, `certification.revoke`, `tasks.import`. */
  action: string;
  targetType: string;
  targetId?: string | number | null;
  detail?: Record<string, unknown>;
  at: number;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: event.actorId,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId === undefined || event.targetId === null ? null : String(event.targetId),
      detail: JSON.stringify(event.detail ?? {}),
      at: event.at,
    })
    .execute();
}

export interface AuditView {
  id: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
  at: string;
}

export async function listAudit(db: Kysely<Database>, limit = 200): Promise<AuditView[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(Math.min(Math.max(limit, 1), 1000)).execute();
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: new Date(r.at).toISOString(),
  }));
}

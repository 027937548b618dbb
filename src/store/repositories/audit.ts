/** The audit log's rows: appended in the transaction of the change they describe, read newest first. */
import type { Db } from '../transaction.js';

export interface AuditRow {
  actorId: number | null;
  /** Verb phrase, dotted: `project.create`, `user.update`, `certification.revoke`, `tasks.import`. */
  action: string;
  targetType: string;
  targetId?: string | number | null;
  detail?: Record<string, unknown>;
  at: number;
}

export async function insertAuditEvent(db: Db, event: AuditRow): Promise<void> {
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

export interface StoredAuditEvent {
  id: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  at: number;
}

/** The newest `limit` audit events, newest first. */
export async function latestAuditEvents(db: Db, limit: number): Promise<StoredAuditEvent[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: r.at,
  }));
}

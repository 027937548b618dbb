/** The audit log's rows: appended in the transaction of the change they describe, read newest first. */
import { sql } from 'kysely';
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

/** Which events to read; every field narrows the list. Times in ms; `before` is an event id (keyset paging). */
export interface AuditFilter {
  actorId?: number;
  /** Exact action, or every action starting with it when it ends with a dot. */
  action?: string;
  targetType?: string;
  targetId?: string;
  fromMs?: number;
  toMs?: number;
  beforeId?: number;
}

/** The newest `limit` audit events matching `filter`, newest first (by id: ids grow with time). */
export async function latestAuditEvents(db: Db, limit: number, filter: AuditFilter = {}): Promise<StoredAuditEvent[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) {
    const family = filter.action;
    // substr, not a range: PostgreSQL's collation does not sort by code point.
    q = family.endsWith('.') ? q.where(sql<boolean>`substr(action, 1, ${family.length}) = ${family}`) : q.where('action', '=', family);
  }
  if (filter.targetType !== undefined) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId);
  if (filter.fromMs !== undefined) q = q.where('at', '>=', filter.fromMs);
  if (filter.toMs !== undefined) q = q.where('at', '<', filter.toMs);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: Number(r.at),
  }));
}

/**
 * The audit log: every admin and manager action is written here, in the same transaction as
 * the change it describes, so the log and the data cannot disagree.
 */
import type { AuditQuery } from '../domain/api/audit.js';
import { insertAuditEvent, latestAuditEvents, type AuditFilter, type AuditRow } from '../store/repositories/audit.js';
import type { Db } from '../store/transaction.js';
import type { ServiceContext } from './context.js';

export type AuditEvent = AuditRow;

/** Appends `event`; pass the transaction that makes the change it describes. */
export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await insertAuditEvent(db, event);
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

/** One page of events matching the query, newest first, and the cursor of the next page (null: none). */
export async function listAudit(
  ctx: ServiceContext,
  query: Partial<AuditQuery> = {},
): Promise<{ events: AuditView[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
  const filter: AuditFilter = {
    actorId: query.actor,
    action: query.action,
    targetType: query.targetType,
    targetId: query.targetId,
    fromMs: query.from === undefined ? undefined : Date.parse(query.from),
    toMs: query.to === undefined ? undefined : Date.parse(query.to),
    beforeId: query.before,
  };
  // One more than asked tells whether another page exists without a count over the whole log.
  const rows = await latestAuditEvents(ctx.store.db, limit + 1, filter);
  const page = rows.slice(0, limit);
  return {
    events: page.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}

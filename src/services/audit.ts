/**
 * The audit log: every admin and manager action is written here, in the same transaction as
 * the change it describes, so the log and the data cannot disagree.
 */
import { insertAuditEvent, latestAuditEvents, type AuditRow } from '../store/repositories/audit.js';
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

/** The newest events first; `limit` is clamped to 1–1000. */
export async function listAudit(ctx: ServiceContext, limit = 200): Promise<AuditView[]> {
  const events = await latestAuditEvents(ctx.store.db, Math.min(Math.max(limit, 1), 1000));
  return events.map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
}

/** The audit log: GET /api/audit (admins only), filtered and paged on the server, newest first. */
import { z } from 'zod';

const IsoTime = z.iso.datetime({ offset: true });

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** Events by this user id. */
  actor: z.coerce.number().int().positive().optional(),
  /** An action (`user.update`), or a family of them with a trailing dot (`user.`). */
  action: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(50).optional(),
  targetId: z.string().min(1).max(100).optional(),
  /** Events at or after this time (ISO 8601). */
  from: IsoTime.optional(),
  /** Events before this time (ISO 8601). */
  to: IsoTime.optional(),
  /** The `nextCursor` of the previous page: events older than it (keyset paging, stable while events are added). */
  before: z.coerce.number().int().positive().optional(),
});
export type AuditQuery = z.output<typeof AuditQuery>;

export const AuditEventSchema = z.object({
  id: z.number().int(),
  actor: z.number().int().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type AuditEvent = z.output<typeof AuditEventSchema>;

export const AuditList = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: z.number().int().nullable(),
});
export type AuditList = z.output<typeof AuditList>;

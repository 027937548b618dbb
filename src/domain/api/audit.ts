/** The audit log: GET /api/audit (admins only). */
import { z } from 'zod';

export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const AuditEventSchema = z.object({
  id: z.number().int(),
  actor: z.number().int().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const AuditList = z.object({ events: z.array(AuditEventSchema) });
export type AuditList = z.output<typeof AuditList>;

/** The signed-in user's own quality and notifications: /api/me/quality, /api/me/notifications. */
import { z } from 'zod';
import { IntervalSchema, PracticeDomain } from './practice.js';

export const DomainQuality = z.object({
  domain: z.string(),
  goldTotal: z.number().int(),
  goldCorrect: z.number().int(),
  accuracy: IntervalSchema,
  /** The highest suspension threshold among active production projects in this domain; null when none sets one. */
  threshold: z.number().nullable(),
});
export type DomainQuality = z.output<typeof DomainQuality>;

export const MyCertification = z.object({
  domain: z.string(),
  level: z.number().int(),
  source: z.enum(['granted', 'exam']),
  /** `"<examId>@v<version>"` for exam certifications. */
  examId: z.string().nullable(),
  score: z.number().nullable(),
  grantedAt: z.string(),
  /** Suspended by live gold accuracy, or revoked by a manager. */
  status: z.enum(['active', 'suspended', 'revoked']),
  /** When it was suspended or revoked. */
  revokedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type MyCertification = z.output<typeof MyCertification>;

export const MyQuality = z
  .object({
    gold: z.array(DomainQuality),
    certifications: z.array(MyCertification),
    practice: z.array(PracticeDomain),
  })
  .meta({ id: 'MyQuality' });
export type MyQuality = z.output<typeof MyQuality>;

export const NotificationSchema = z
  .object({
    id: z.number().int(),
    /** `certification.suspended`, `review.verdict`, `exam.result`, … */
    kind: z.string(),
    message: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.output<typeof NotificationSchema>;

export const NotificationList = z.object({ notifications: z.array(NotificationSchema), unread: z.number().int() });
export type NotificationList = z.output<typeof NotificationList>;

export const MarkReadBody = z.object({ upToId: z.number().int().min(0) });
export const MarkReadResult = z.object({ marked: z.number().int() });
export type MarkReadResult = z.output<typeof MarkReadResult>;

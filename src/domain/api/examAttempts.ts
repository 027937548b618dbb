/** An exam's attempts for managers (GET /api/exams/:id/attempts): who, when, score and pass, newest first. */
import { z } from 'zod';

export const AttemptsQuery = z.object({
  /** The `nextBefore` of the previous page: attempts older than it (keyset on id). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AttemptsQuery = z.output<typeof AttemptsQuery>;

export const AttemptRow = z.object({
  id: z.number().int(),
  user: z.object({ id: z.number().int(), name: z.string(), email: z.string() }),
  examVersion: z.number().int(),
  startedAt: z.string(),
  /** Null while the attempt is open. */
  submittedAt: z.string().nullable(),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export type AttemptRow = z.output<typeof AttemptRow>;

export const AttemptList = z.object({ attempts: z.array(AttemptRow), nextBefore: z.number().int().nullable() });
export type AttemptList = z.output<typeof AttemptList>;

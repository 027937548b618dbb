/** A project's option for AI judges (its own file: projects.ts imports it, and judges.ts imports responses.ts). */
import { z } from 'zod';

/** Project option: judge preference pairs in both orders; what an inconsistent pair becomes. */
export const JudgingPolicy = z.strictObject({
  bothOrders: z.boolean().default(false),
  /** `tie`: submitted as a tie; `humans`: not submitted, the task left to human tutors. */
  inconsistent: z.enum(['tie', 'humans']).default('humans'),
});
export type JudgingPolicy = z.output<typeof JudgingPolicy>;

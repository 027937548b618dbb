/**
 * The tutor's loop: lease the next task, submit or skip it (/api/projects/:id/next, /api/assignments/:id/…).
 * TutorTask lists exactly what a tutor may see; anything else (gold, counters, other annotations) is dropped.
 */
import { z } from 'zod';
import type { TaskType } from '../tasks.js';
import { Json, type TaskTyped } from './common.js';

export const SubmitBody = z.object({
  response: Json,
  durationMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000),
});

export const TutorTaskSchema = z
  .object({ id: z.number().int(), type: z.string(), domain: z.string(), payload: Json })
  .meta({ id: 'TutorTask' });
/** The payload is the imported task's minus `meta` (see TaskTyped). */
export type TutorTask<T extends TaskType = TaskType> = TaskTyped<z.output<typeof TutorTaskSchema>, T>;

export const NextLease = z.object({ assignment: z.object({ id: z.number().int(), expiresAt: z.string() }), task: TutorTaskSchema });
export type Lease = Omit<z.output<typeof NextLease>, 'task'> & { task: TutorTask };

export const SubmitAndNextResult = z.object({
  annotationId: z.number().int(),
  next: NextLease.nullable().describe('the next lease in the same project; null when nothing is left (what next answers with 204) or with nextError'),
  nextError: z
    .object({ status: z.number().int(), error: z.string() })
    .optional()
    .describe('the submit was stored but no lease was taken: 403 next refuses the caller, 500 it failed (call next)'),
});
export type SubmitAndNextResult = Omit<z.output<typeof SubmitAndNextResult>, 'next'> & { next: Lease | null };

export const SubmitResult = z.object({ annotationId: z.number().int() });

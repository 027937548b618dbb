/**
 * The task as a tutor or reviewer receives it: id, type, domain and the payload minus `meta`. Meta
 * is the importer's bookkeeping (sources, which answer was published as chosen: for HH-RLHF the
 * published answer) and travels to exports only; dropping it also removes anything that could tell a
 * gold task from a real one. Every tutor- and reviewer-facing payload goes through `tutorPayload`
 * (next, submit-and-next, exams, practice, feedback, the review queue).
 */
import type { z } from 'zod';
import type { TutorTaskSchema } from '../../domain/api/work.js';
import type { TaskType } from '../../domain/tasks.js';

/** One schema per task type (src/domain/api/work.ts). */
export type TutorTask = z.output<typeof TutorTaskSchema>;

/** A stored payload (JSON) as tutors and reviewers may see it: without `meta`. */
export function tutorPayload(payloadJson: string): Record<string, unknown> {
  const { meta: _meta, ...payload } = JSON.parse(payloadJson) as Record<string, unknown>;
  return payload;
}

export function tutorTask(id: number, type: TaskType, domain: string, payloadJson: string): TutorTask {
  // The stored payload was validated by its type's schema on import, so it fits that type's tutor payload.
  return { id, type, domain, payload: tutorPayload(payloadJson) } as TutorTask;
}

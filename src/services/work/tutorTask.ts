/**
 * The task as a tutor receives it: id, type, domain and the payload minus `meta`. Meta is the
 * importer's bookkeeping (sources, which answer was published as chosen) and travels to exports
 * only; dropping it also removes anything that could tell a gold task from a real one.
 */
import type { z } from 'zod';
import type { TutorTaskSchema } from '../../domain/api/work.js';
import type { TaskType } from '../../domain/tasks.js';

/** One schema per task type (src/domain/api/work.ts). */
export type TutorTask = z.output<typeof TutorTaskSchema>;

export function tutorTask(id: number, type: TaskType, domain: string, payloadJson: string): TutorTask {
  const { meta: _meta, ...payload } = JSON.parse(payloadJson) as Record<string, unknown>;
  // The stored payload was validated by its type's schema on import, so it fits that type's tutor payload.
  return { id, type, domain, payload } as TutorTask;
}

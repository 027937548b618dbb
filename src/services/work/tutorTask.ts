/**
 * The task as a tutor or reviewer receives it: id, type, domain and the payload minus `meta`. Meta
 * is the importer's bookkeeping (sources, which answer was published as chosen: for HH-RLHF the
 * published answer) and travels to exports only; dropping it also removes anything that could tell a
 * gold task from a real one. Every tutor- and reviewer-facing payload goes through `tutorPayload`
 * (next, submit-and-next, exams, practice, feedback, the review queue); review items build their task with
 * `reviewTask`, which also drops the external id for reviewers (an importer's id such as "gold-17" can name gold).
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

/** A review item's task: managers and admins see it as stored (with its gold); reviewers, who also work as tutors, see what a tutor would. */
export function reviewTask(
  row: { taskId: number; externalId: string; type: string; domain: string; payload: string; isGold: number; gold: string | null },
  seesGold: boolean,
) {
  if (!seesGold) return { id: row.taskId, type: row.type, domain: row.domain, payload: tutorPayload(row.payload) };
  return {
    id: row.taskId,
    externalId: row.externalId,
    type: row.type,
    domain: row.domain,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    isGold: row.isGold === 1,
    ...(row.isGold === 1 && row.gold !== null ? { gold: JSON.parse(row.gold) as Record<string, unknown> } : {}),
  };
}

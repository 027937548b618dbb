/**
 * The task as a tutor receives it: id, type, domain and the payload minus `meta`. Meta is the
 * importer's bookkeeping (sources, which answer was published as chosen) and travels to exports
 * only; dropping it also removes anything that could tell a gold task from a real one.
 */
import type { TaskType } from '../../domain/tasks.js';

export type TutorTask = {
  id: number;
  type: TaskType;
  domain: string;
  payload: Record<string, unknown>;
};

export function tutorTask(id: number, type: TaskType, domain: string, payloadJson: string): TutorTask {
  const { meta: _meta, ...payload } = JSON.parse(payloadJson) as Record<string, unknown>;
  return { id, type, domain, payload };
}

/** Walk a project's exportable tasks page by page with their current annotations: bounded memory. */
import { currentAnnotationsOf, exportTasksPage, type ExportTask, type TaskAnnotation } from '../../store/repositories/annotations.js';
import type { Db } from '../../store/transaction.js';

export const EXPORT_PAGE = 500;

export async function* tasksWithAnnotations(db: Db, projectId: number): AsyncGenerator<{ task: ExportTask; annotations: TaskAnnotation[] }> {
  let after = 0;
  for (;;) {
    const tasks = await exportTasksPage(db, projectId, after, EXPORT_PAGE);
    if (tasks.length === 0) return;
    const annotations = await currentAnnotationsOf(db, tasks.map((t) => t.id));
    const byTask = new Map<number, TaskAnnotation[]>();
    for (const a of annotations) {
      const list = byTask.get(a.taskId);
      if (list) list.push(a);
      else byTask.set(a.taskId, [a]);
    }
    for (const task of tasks) {
      const list = byTask.get(task.id);
      if (list) yield { task, annotations: list };
    }
    after = tasks[tasks.length - 1].id;
  }
}

export const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

type Msg = { role: string; content: string };

/** Context turns followed by the prompt as the final user turn. */
export function promptMessages(payload: { context?: Msg[]; prompt?: string }): Msg[] {
  return [...(payload.context ?? []), ...(payload.prompt ? [{ role: 'user', content: payload.prompt }] : [])];
}

/** A page of a project's tasks for managers, gold included, each with the id its tutors see (`tutorTaskId`). */
import { NotFoundError } from '../../domain/errors.js';
import { findProject } from '../../store/repositories/projects.js';
import { taskCountOf, tasksPage } from '../../store/repositories/tasks.js';
import type { ServiceContext } from '../context.js';
import { tutorTaskId } from '../work/tutorTaskId.js';

export type ManagerTaskView = {
  id: number;
  /** The id tutors read for this task (what a tutor quotes when they report it). */
  tutorTaskId: number;
  externalId: string;
  type: string;
  domain: string;
  priority: number;
  payload: Record<string, unknown>;
  gold: Record<string, unknown> | null;
  submitted: number;
  activeLeases: number;
  createdAt: string;
};

export async function listTasks(
  ctx: ServiceContext,
  projectId: number,
  page: { offset: number; limit: number },
): Promise<{ tasks: ManagerTaskView[]; total: number }> {
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const limit = Math.min(Math.max(page.limit, 1), 1000);
  const rows = await tasksPage(db, projectId, Math.max(page.offset, 0), limit);
  const total = await taskCountOf(db, projectId);
  return {
    total,
    tasks: rows.map((r) => ({
      id: r.id,
      tutorTaskId: tutorTaskId(r.id),
      externalId: r.external_id,
      type: project.config.type,
      domain: r.domain,
      priority: r.priority,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      gold: r.gold === null ? null : (JSON.parse(r.gold) as Record<string, unknown>),
      submitted: r.submitted_count,
      activeLeases: r.active_leases,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

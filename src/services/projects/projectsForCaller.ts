/**
 * Which projects a caller sees, and how: managers and admins see every project (with its progress);
 * tutors and reviewers see only the projects open to them, in the tutor view (no stats, no gold),
 * and a project they are not admitted to is "not found", as if it did not exist.
 */
import { NotFoundError } from '../../domain/errors.js';
import { atLeast } from '../../domain/users.js';
import type { Actor, ServiceContext } from '../context.js';
import type { ProjectStats } from '../../domain/api/projects.js';
import { getProject, listProjects, listProjectsForTutor } from './queries.js';
import { heavyRead } from '../offload/heavyReads.js';
import { tutorProjectView, type ProjectView } from './view.js';

export type ProjectListEntry = ProjectView & { stats?: ProjectStats; available?: number };

/** Managers: every project with its stats. Others: the active projects that admit them, with how many tasks are left for them. */
export async function listProjectsForCaller(ctx: ServiceContext, actor: Actor): Promise<ProjectListEntry[]> {
  if (!atLeast(actor.role, 'manager')) return listProjectsForTutor(ctx, actor);
  const projects = await listProjects(ctx);
  // A pass over every task: off the event loop when serving (services/offload/).
  const stats = await heavyRead(ctx, 'allProjectStats', null);
  return projects.map((p) => ({ ...p, stats: stats.get(p.id) }));
}

/** Managers: the project as stored. Others: its tutor view, if it admits them (NotFoundError otherwise). */
export async function projectForCaller(ctx: ServiceContext, actor: Actor, id: number): Promise<ProjectView> {
  if (atLeast(actor.role, 'manager')) return getProject(ctx, id);
  // Admission is decided by the same service that lists a tutor's projects, so the two never disagree.
  const open = await listProjectsForTutor(ctx, actor);
  if (!open.some((p) => p.id === id)) throw new NotFoundError(`project ${id}`);
  return tutorProjectView(await getProject(ctx, id));
}

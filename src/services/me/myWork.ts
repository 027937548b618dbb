/**
 * A tutor's own work: their past submissions, read-only, and their progress in each project.
 * Only the caller's rows; tasks as they saw them (`tutorPayload`, `tutorTaskId`), so a gold task's
 * entry is built from exactly the fields a real one is, and the counts move alike for both. Gold
 * figures are not repeated here: they are released in batches through /api/me/quality.
 */
import {
  parseSubmissionCursor,
  type MyProgress,
  type ProjectProgress,
  type SubmissionPage,
  type SubmissionQuery,
} from '../../domain/api/myWork.js';
import { myCountsPerProject, submissionsOf } from '../../store/repositories/myWork.js';
import { allProjects } from '../../store/repositories/projects.js';
import type { Actor, ServiceContext } from '../context.js';
import { listProjectsForTutor } from '../projects/queries.js';
import { tutorPayload } from '../work/tutorTask.js';
import { tutorTaskId } from '../work/tutorTaskId.js';

export async function mySubmissions(ctx: ServiceContext, actor: Actor, query: SubmissionQuery): Promise<SubmissionPage> {
  const rows = await submissionsOf(ctx.store.db, actor.id, {
    projectId: query.project,
    before: query.cursor === undefined ? undefined : parseSubmissionCursor(query.cursor),
    limit: query.limit,
  });
  const last = rows.at(-1);
  return {
    submissions: rows.map((r) => ({
      annotationId: r.id,
      taskId: tutorTaskId(r.taskId),
      projectId: r.projectId,
      projectName: r.projectName,
      type: r.projectType,
      domain: r.domain,
      payload: tutorPayload(r.payload),
      response: JSON.parse(r.response) as Record<string, unknown>,
      submittedAt: new Date(r.createdAt).toISOString(),
    })),
    nextCursor: rows.length === query.limit && last ? `${last.createdAt}.${last.id}` : null,
  };
}

/**
 * Every project open to the caller (with what is left for them, as the project list counts it) and
 * every other project they worked in (left 0), with what they judged and skipped there.
 */
export async function myProgress(ctx: ServiceContext, actor: Actor): Promise<MyProgress> {
  const db = ctx.store.db;
  const counts = await myCountsPerProject(db, actor.id);
  const open = await listProjectsForTutor(ctx, actor);
  const openIds = new Set(open.map((p) => p.id));
  const none = { judged: 0, skipped: 0 };
  const projects: ProjectProgress[] = open.map((p) => ({
    projectId: p.id,
    name: p.name,
    type: p.type,
    open: true,
    ...(counts.get(p.id) ?? none),
    left: p.available,
  }));
  for (const p of await allProjects(db)) {
    const mine = counts.get(p.id);
    if (!mine || openIds.has(p.id)) continue;
    projects.push({ projectId: p.id, name: p.config.name, type: p.config.type, open: false, ...mine, left: 0 });
  }
  return { projects };
}

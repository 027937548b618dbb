/** Reading projects: by id or name, all of them, those open to a tutor, and a project's progress. */
import type { ProjectStats } from '../../domain/api/projects.js';
import { NotFoundError } from '../../domain/errors.js';
import { allProjects, findProject, findProjectByName, routingOverlap } from '../../store/repositories/projects.js';
import { taskCountsPerProject } from '../../store/repositories/projectStats.js';
import type { TaskCounts } from '../../store/repositories/tasks.js';
import { judgmentsPerDay, tutorJudgments, type TutorJudgments } from '../../store/repositories/judgmentRollups.js';
import type { Actor, ServiceContext } from '../context.js';
import { admissionFor } from '../work/admission.js';
import { tutorWorkPlan } from '../work/workPlan.js';
import { applyReliabilityFloor } from '../../routing/reliabilityFloor.js';
import { reliabilityOfTutor } from '../../store/repositories/reliability.js';
import { projectView, tutorProjectView, type ProjectView } from './view.js';

export async function getProject(ctx: ServiceContext, id: number): Promise<ProjectView> {
  const p = await findProject(ctx.store.db, id);
  if (!p) throw new NotFoundError(`project ${id}`);
  return projectView(p);
}

export async function getProjectByName(ctx: ServiceContext, name: string): Promise<ProjectView> {
  const p = await findProjectByName(ctx.store.db, name);
  if (!p) throw new NotFoundError(`project "${name}"`);
  return projectView(p);
}

export async function listProjects(ctx: ServiceContext): Promise<ProjectView[]> {
  return (await allProjects(ctx.store.db)).map(projectView);
}

/**
 * Active projects that admit the tutor, each with how many tasks are left for them (capped at
 * AVAILABLE_CAP, gold counted alike: work/workPlan.ts; 0 where a reliability floor leaves them nothing).
 */
export async function listProjectsForTutor(ctx: ServiceContext, actor: Actor): Promise<(ProjectView & { available: number })[]> {
  const db = ctx.store.db;
  const out: (ProjectView & { available: number })[] = [];
  let reliability: Awaited<ReturnType<typeof reliabilityOfTutor>> | undefined;
  for (const p of await allProjects(db)) {
    if (p.status !== 'active') continue;
    const admission = await admissionFor(db, actor, p);
    if (!admission.admitted) continue;
    let domains = admission.allDomains ? null : admission.domains;
    const floor = p.config.quality?.reliabilityFloor;
    if (floor !== undefined) {
      // As `next` decides: domains where the tutor is measured below the floor offer them nothing.
      reliability ??= await reliabilityOfTutor(db, actor.id);
      const kept = applyReliabilityFloor(admission.domains, reliability, floor).kept;
      if (kept.length < admission.domains.length) domains = kept;
    }
    const { available } = await tutorWorkPlan(db, p.id, actor.id, p.config.goldRate, domains, p.config.cascade ? actor.tier : undefined);
    out.push({ ...tutorProjectView(projectView(p)), available });
  }
  return out;
}

export async function projectStats(ctx: ServiceContext, id: number): Promise<ProjectStats> {
  const db = ctx.store.db;
  const p = await findProject(db, id);
  if (!p) throw new NotFoundError(`project ${id}`);
  const overlap = routingOverlap(p.config);
  const counts = (await taskCountsPerProject(db, id, () => overlap)).get(id) ?? NO_TASKS;
  return statsOf(counts, (await judgmentsPerDay(db, id)).get(id) ?? [], (await tutorJudgments(db, id)).get(id) ?? []);
}

/** `projectStats` of every project, in a fixed number of grouped queries however many projects there are. */
export async function statsOfAllProjects(ctx: ServiceContext): Promise<Map<number, ProjectStats>> {
  const db = ctx.store.db;
  const projects = await allProjects(db);
  const overlaps = new Map(projects.map((p) => [p.id, routingOverlap(p.config)]));
  // Only the listed projects' counts are read below; another id's overlap does not matter.
  const counts = await taskCountsPerProject(db, null, (id) => overlaps.get(id) ?? Number.POSITIVE_INFINITY);
  const perDay = await judgmentsPerDay(db, null);
  const perTutor = await tutorJudgments(db, null);
  return new Map(projects.map((p) => [p.id, statsOf(counts.get(p.id) ?? NO_TASKS, perDay.get(p.id) ?? [], perTutor.get(p.id) ?? [])]));
}

const NO_TASKS: TaskCounts = { total: 0, gold: 0, done: 0, inProgress: 0 };

/** The stats of one project from its task counts and the judgment rollups (judgmentRollups.ts). */
function statsOf(counts: TaskCounts, perDay: ProjectStats['judgmentsPerDay'], perTutor: TutorJudgments[]): ProjectStats {
  // Left = not started: a task in progress is counted there, not here too.
  return { tasks: { ...counts, left: counts.total - counts.gold - counts.done - counts.inProgress }, judgmentsPerDay: perDay, perTutor };
}

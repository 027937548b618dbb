/** Reading projects: by id or name, all of them, those open to a tutor, and a project's progress. */
import type { ProjectStats } from '../../domain/api/projects.js';
import { NotFoundError } from '../../domain/errors.js';
import { allProjects, findProject, findProjectByName, routingOverlap } from '../../store/repositories/projects.js';
import { durationsPerTutorPerProject, judgmentsPerDayPerProject, taskCountsPerProject } from '../../store/repositories/projectStats.js';
import { availableForUser, taskCounts, type TaskCounts } from '../../store/repositories/tasks.js';
import { durationsPerTutor, judgmentsPerDay } from '../../store/repositories/annotations.js';
import type { Actor, ServiceContext } from '../context.js';
import { admissionFor } from '../work/admission.js';
import { applyReliabilityFloor } from '../../routing/reliabilityFloor.js';
import { reliabilityOfTutor } from '../../store/repositories/reliability.js';
import { projectView, type ProjectView } from './view.js';

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

/** Counting stops here: a tutor needs "how many, roughly", not an exact count over a million rows. */
export const AVAILABLE_CAP = 10_000;

/** Active projects that admit the tutor, each with how many tasks are left for them (capped at AVAILABLE_CAP; 0 where a reliability floor leaves them nothing). */
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
    const available = domains !== null && domains.length === 0 ? 0 : await availableForUser(db, p.id, actor.id, domains, AVAILABLE_CAP);
    out.push({ ...projectView(p), available });
  }
  return out;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function projectStats(ctx: ServiceContext, id: number): Promise<ProjectStats> {
  const db = ctx.store.db;
  const p = await findProject(db, id);
  if (!p) throw new NotFoundError(`project ${id}`);
  return statsOf(await taskCounts(db, id, routingOverlap(p.config)), await judgmentsPerDay(db, id), await durationsPerTutor(db, id));
}

/** `projectStats` of every project, in a fixed number of grouped queries however many projects there are. */
export async function statsOfAllProjects(ctx: ServiceContext): Promise<Map<number, ProjectStats>> {
  const db = ctx.store.db;
  const projects = await allProjects(db);
  const counts = await taskCountsPerProject(db);
  const perDay = await judgmentsPerDayPerProject(db);
  const durations = await durationsPerTutorPerProject(db);
  const none: TaskCounts = { total: 0, gold: 0, done: 0, inProgress: 0 };
  return new Map(projects.map((p) => [p.id, statsOf(counts.get(p.id) ?? none, perDay.get(p.id) ?? [], durations.get(p.id) ?? [])]));
}

/** The stats of one project from its task counts, judgments per day and per-annotation durations (in tutor order). */
function statsOf(
  counts: TaskCounts,
  perDay: ProjectStats['judgmentsPerDay'],
  durations: { userId: number; name: string; tier: string; durationMs: number }[],
): ProjectStats {
  const byTutor = new Map<number, { name: string; tier: string; durations: number[] }>();
  for (const r of durations) {
    const t = byTutor.get(r.userId) ?? { name: r.name, tier: r.tier, durations: [] };
    t.durations.push(r.durationMs);
    byTutor.set(r.userId, t);
  }
  return {
    // Left = not started: a task in progress is counted there, not here too.
    tasks: { ...counts, left: counts.total - counts.gold - counts.done - counts.inProgress },
    judgmentsPerDay: perDay,
    perTutor: [...byTutor].map(([userId, t]) => ({
      userId,
      name: t.name,
      tier: t.tier,
      judgments: t.durations.length,
      medianDurationMs: median(t.durations.sort((a, b) => a - b)),
    })),
  };
}

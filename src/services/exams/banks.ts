/**
 * Question banks: gold tasks of projects whose purpose is `exam` or `practice`, kept apart from
 * production so an exam or practice question never reveals a production gold answer. A bank counts
 * only gold that can be graded automatically (see domain/goldMatch.ts); archived bank projects are
 * retired and drop out. Questions go out in the same tutor-task shape as `next`, plus the rules of
 * their bank (label set, rubric) that the answer is checked against — never the gold.
 */
import type { Question } from '../../domain/api/exams.js';
import { gradableGold, gradableType } from '../../domain/goldMatch.js';
import type { ProjectPurpose } from '../../domain/quality.js';
import { bankTasks, type BankTask } from '../../store/repositories/exams.js';
import { allProjects, type ProjectRecord } from '../../store/repositories/projects.js';
import type { Db } from '../../store/transaction.js';
import { tutorTask } from '../work/tutorTask.js';

export type BankPurpose = Exclude<ProjectPurpose, 'production'>;

/** Bank projects of a purpose whose task type can be graded. */
export async function bankProjects(db: Db, purpose: BankPurpose): Promise<ProjectRecord[]> {
  return (await allProjects(db)).filter(
    (p) => (p.config.purpose ?? 'production') === purpose && p.status !== 'archived' && gradableType(p.config.type),
  );
}

export interface BankQuestion {
  task: BankTask;
  project: ProjectRecord;
  gold: Record<string, unknown>;
}

/** Every gradable gold question of a purpose's banks in a domain (or only those with the given ids). */
export async function bankQuestions(db: Db, purpose: BankPurpose, domain?: string, ids?: number[]): Promise<BankQuestion[]> {
  const projects = new Map((await bankProjects(db, purpose)).map((p) => [p.id, p]));
  const out: BankQuestion[] = [];
  for (const task of await bankTasks(db, [...projects.keys()], domain, ids)) {
    const project = projects.get(task.projectId)!;
    const gold = JSON.parse(task.gold) as Record<string, unknown>;
    if (gradableGold(project.config.type, gold)) out.push({ task, project, gold });
  }
  return out;
}

export function toQuestion(q: Pick<BankQuestion, 'task' | 'project'>): Question {
  const c = q.project.config;
  const t = tutorTask(q.task.id, c.type, q.task.domain, q.task.payload);
  return {
    taskId: t.id,
    type: t.type,
    domain: t.domain,
    payload: t.payload,
    project: {
      instructions: c.instructions,
      ...(c.labels ? { labels: [...c.labels] } : {}),
      multiLabel: c.multiLabel,
      ...(c.rubric
        ? { rubric: c.rubric.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), scale: a.scale })) }
        : {}),
      requireRationale: c.requireRationale,
    },
  };
}

/**
 * Questions by task id, in the order given, whatever their bank's state now (an attempt drawn
 * before a bank was archived or re-imported is still answered and graded on what it drew).
 */
export async function questionsByIds(db: Db, ids: number[]): Promise<BankQuestion[]> {
  const projects = new Map((await allProjects(db)).map((p) => [p.id, p]));
  const byId = new Map((await bankTasks(db, [...projects.keys()], undefined, ids)).map((t) => [t.id, t]));
  return ids.map((id) => {
    const task = byId.get(id);
    if (!task) throw new Error(`question ${id} is no longer a gold task`);
    return { task, project: projects.get(task.projectId)!, gold: JSON.parse(task.gold) as Record<string, unknown> };
  });
}

/**
 * Counts an export reports as left out, read alongside the rows: gold tasks, unjudged tasks, superseded
 * judgments, excluded tasks; and how many lines the annotations and ratings exports write. The task counts
 * come from the task state rollups (migration 041) and the judgment rollups (010); each `…FromScratch`
 * is the pass over every task or judgment they must equal (taskStateRollups.test.ts compares them).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';

export interface OmissionCounts {
  gold: number;
  unresolved: number;
  superseded: number;
  /** Non-gold tasks a manager removed from the exports. */
  excluded: number;
}

export async function exportOmissionCounts(db: Db, projectId: number): Promise<OmissionCounts> {
  const { gold, excluded, unresolved } = await exportTaskStates(db, projectId);
  return { gold, unresolved, superseded: await supersededCount(db, projectId), excluded };
}

/**
 * The project's tasks by the exports' rules, from the task state rollups: gold, excluded (production
 * tasks a manager removed), unresolved (the rest, unjudged) and judged (the rest, judged: what an export
 * may write).
 */
export async function exportTaskStates(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('task_state_rollups')
    .select((eb) => [
      'is_gold',
      'excluded',
      eb.fn.sum<number>('tasks').as('tasks'),
      eb.fn.sum<number>(eb.case().when('submitted', '=', 0).then(eb.ref('tasks')).else(0).end()).as('unjudged'),
    ])
    .where('project_id', '=', projectId)
    .groupBy(['is_gold', 'excluded'])
    .execute();
  const states = { gold: 0, excluded: 0, unresolved: 0, judged: 0 };
  for (const r of rows) {
    if (r.is_gold === 1) states.gold += Number(r.tasks);
    else if (r.excluded === 1) states.excluded += Number(r.tasks);
    else {
      states.unresolved += Number(r.unjudged);
      states.judged += Number(r.tasks) - Number(r.unjudged);
    }
  }
  return states;
}

/** The reference for `exportOmissionCounts`: one pass over the project's tasks. */
export async function exportOmissionCountsFromScratch(db: Db, projectId: number): Promise<OmissionCounts> {
  const tasks = await db
    .selectFrom('tasks')
    .select([
      (eb) => eb.fn.sum<number>(eb.case().when('is_gold', '=', 1).then(1).else(0).end()).as('gold'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('is_gold', '=', 0), eb('submitted_count', '=', 0), eb('export_excluded', '=', 0)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('unresolved'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('is_gold', '=', 0), eb('export_excluded', '=', 1)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('excluded'),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  const superseded = await supersededCount(db, projectId);
  return {
    gold: Number(tasks?.gold ?? 0),
    unresolved: Number(tasks?.unresolved ?? 0),
    superseded,
    excluded: Number(tasks?.excluded ?? 0),
  };
}

/**
 * Judgments a correction superseded. Found through the partial index of the (rare) corrections
 * (migration 003); `+project_id` keeps SQLite from walking every annotation of the project instead.
 */
export async function supersededCount(db: Db, projectId: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM annotations
    WHERE supersedes_id IS NOT NULL AND +project_id = ${projectId}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Who judged the exported tasks: distinct tutors and judgments per tier (for the dataset card). */
export async function annotatorTiers(db: Db, projectId: number): Promise<{ tier: string; tutors: number; judgments: number }[]> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['u.tier', (eb) => eb.fn.count<number>('n.user_id').distinct().as('tutors'), (eb) => eb.fn.countAll<number>().as('judgments')])
    .where('n.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .groupBy('u.tier')
    .orderBy('u.tier')
    .execute();
  return rows.map((r) => ({ tier: r.tier, tutors: Number(r.tutors), judgments: Number(r.judgments) }));
}

/**
 * Lines of the `annotations` export: every judgment of the project (the judgment rollups' count: judgments
 * are never deleted) less those on gold tasks and on tasks excluded from exports, each found through an
 * index (gold is a small share; exclusions are a manager's few), so no pass over every judgment.
 */
export async function exportedAnnotationCount(db: Db, projectId: number): Promise<number> {
  const all = await judgmentCount(db, projectId);
  // Two statements, so each walks its own index (tasks_project_id for gold, tasks_export_excluded).
  const judgmentsOn = async (gold: 0 | 1, excluded: boolean) => {
    const row = await db
      .selectFrom('tasks as t')
      .innerJoin('annotations as n', 'n.task_id', 't.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', gold)
      .$if(excluded, (q) => q.where('t.export_excluded', '=', 1))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return all - (await judgmentsOn(1, false)) - (await judgmentsOn(0, true));
}

/** Every judgment of the project, corrections included (the judgment rollups' total: judgments are never deleted). */
export async function judgmentCount(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('judgment_days')
    .select((eb) => eb.fn.sum<number>('judgments').as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The reference for `exportedAnnotationCount`: one aggregate over every judgment of the project. */
export async function exportedAnnotationCountFromScratch(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.export_excluded', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * How many tasks a one-line-per-task export writes (ratings): exported tasks (production, not excluded,
 * judged) with at least one annotation, as `exportItems` yields them (any annotation means a current one:
 * a correction chain ends in one). Counted on the tasks' index range with a probe each, no payload read.
 */
export async function exportedItemCount(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('tasks as t')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.export_excluded', '=', 0)
    .where('t.submitted_count', '>', 0)
    .where((eb) => eb.exists(eb.selectFrom('annotations as n').select('n.id').whereRef('n.task_id', '=', 't.id')))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

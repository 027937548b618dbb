/**
 * The dashboards' reads that are aggregates, not row pages: gold results per tutor × domain, the
 * stored consensus summary, and who the tutors are. Every query is grouped in the database, so its
 * answer is bounded by tutors × domains, never by the number of annotations.
 */
import { sql } from 'kysely';
import { CONSENSUS_LOW_CONFIDENCE } from '../../domain/quality.js';
import { GOLD_KINDS } from '../economicsRollupSql.js';
import type { Db } from '../transaction.js';

export interface GoldCountRow {
  userId: number;
  domain: string;
  total: number;
  correct: number;
}

/** Rows in `gold_results` for a project, per tutor × domain. */
export async function goldResultCounts(db: Db, projectId: number): Promise<GoldCountRow[]> {
  const rows = await db
    .selectFrom('gold_results')
    .select(['user_id as userId', 'domain', sql<number>`count(*)`.as('total'), sql<number>`sum(correct)`.as('correct')])
    .where('project_id', '=', projectId)
    .groupBy(['user_id', 'domain'])
    .execute();
  return rows.map((r) => ({ userId: Number(r.userId), domain: r.domain, total: Number(r.total), correct: Number(r.correct ?? 0) }));
}

export interface TutorInfo {
  id: number;
  name: string;
  tier: 'generalist' | 'specialist' | 'model';
}

export async function tutorsByIds(db: Db, ids: readonly number[]): Promise<Map<number, TutorInfo>> {
  const out = new Map<number, TutorInfo>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('users').select(['id', 'name', 'tier']).where('id', 'in', chunk).execute();
    for (const r of rows) out.set(r.id, { id: r.id, name: r.name, tier: r.tier });
  }
  return out;
}

export interface ConsensusCountRow {
  domain: string;
  tasks: number;
  confidenceSum: number;
  below: number;
  byReview: number;
}

/**
 * Stored consensus of a project's non-gold tasks, per domain: count, Σ confidence, below `threshold`, decided by
 * review. (Gold has consensus too, from live submits and reviews, so that its work looks like real work to tutors.)
 */
/**
 * The stored consensus of a project's production tasks per domain, from the rollups (migration 040);
 * "below" is under CONSENSUS_LOW_CONFIDENCE.
 */
export async function consensusCounts(db: Db, projectId: number): Promise<ConsensusCountRow[]> {
  const rows = await db
    .selectFrom('consensus_rollups')
    .select([
      'domain',
      sql<number>`sum(tasks)`.as('tasks'),
      sql<number>`sum(confidence_sum)`.as('confidenceSum'),
      sql<number>`sum(below)`.as('below'),
      sql<number>`sum(by_review)`.as('byReview'),
    ])
    .where('project_id', '=', projectId)
    .groupBy('domain')
    .having(sql`sum(tasks)`, '>', 0)
    .orderBy('domain')
    .execute();
  return rows.map(countRow);
}

/** The same from every consensus row (the reference the rollups are tested against). */
export async function consensusCountsFromScratch(db: Db, projectId: number): Promise<ConsensusCountRow[]> {
  const rows = await db
    .selectFrom('task_consensus as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select([
      't.domain',
      sql<number>`count(*)`.as('tasks'),
      sql<number>`sum(c.confidence)`.as('confidenceSum'),
      sql<number>`sum(case when c.confidence < ${CONSENSUS_LOW_CONFIDENCE} then 1 else 0 end)`.as('below'),
      sql<number>`sum(case when c.source = 'review' then 1 else 0 end)`.as('byReview'),
    ])
    .where('c.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .groupBy('t.domain')
    .orderBy('t.domain')
    .execute();
  return rows.map(countRow);
}

function countRow(r: { domain: string; tasks: number; confidenceSum: number; below: number; byReview: number }): ConsensusCountRow {
  return {
    domain: r.domain,
    tasks: Number(r.tasks),
    confidenceSum: Number(r.confidenceSum ?? 0),
    below: Number(r.below ?? 0),
    byReview: Number(r.byReview ?? 0),
  };
}

/** Consensus methods (and versions) in use for a project's production tasks, from the rollups. */
export async function consensusMethods(db: Db, projectId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('consensus_rollups')
    .select(['method', 'method_version as version'])
    .where('project_id', '=', projectId)
    .groupBy(['method', 'method_version'])
    .having(sql`sum(tasks)`, '>', 0)
    .limit(20)
    .execute();
  return methodNames(rows);
}

/** The same from every consensus row of the project's production tasks (the reference). */
export async function consensusMethodsFromScratch(db: Db, projectId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('task_consensus as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select(['c.method', 'c.method_version as version'])
    .where('c.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .groupBy(['c.method', 'c.method_version'])
    .limit(20)
    .execute();
  return methodNames(rows);
}

// Versions usually name their method ("mace/1 …"); say the method once.
const methodNames = (rows: { method: string; version: string }[]) =>
  rows.map((r) => (r.version.startsWith(r.method) ? r.version : `${r.method} ${r.version}`).trim()).sort();

/** Non-gold tasks per domain (what "share of tasks with consensus" is out of). */
export async function productionTaskCounts(db: Db, projectId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tasks')
    .select(['domain', sql<number>`count(*)`.as('n')])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .groupBy('domain')
    .execute();
  return new Map(rows.map((r) => [r.domain, Number(r.n)]));
}

export interface GoldAnnotationRow {
  id: number;
  userId: number;
  domain: string;
  response: string;
  gold: string | null;
}

/** Current annotations (corrections replace what they correct) on a project's gold tasks, after `afterId`, in id order. */
export async function goldAnnotationPage(db: Db, projectId: number, afterId: number, limit: number): Promise<GoldAnnotationRow[]> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .select(['n.id', 'n.user_id as userId', 't.domain', 'n.response', 't.gold'])
    .where('n.project_id', '=', projectId)
    .where('t.is_gold', '=', 1)
    .where('n.id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), userId: Number(r.userId), domain: r.domain, response: r.response, gold: r.gold }));
}

export interface AgreementAnnotationRow {
  id: number;
  taskId: number;
  domain: string;
  userId: number;
  response: string;
}

/** Sampling by task id: keep tasks with (id × 7919) mod SAMPLE_MOD below `keep`, so a sampled task keeps all its ratings. */
export const SAMPLE_MOD = 1000;

/**
 * At most how many judgments the agreement pass reads: the project's current judgments less those on
 * gold tasks that the economics rollups (migration 030) know by their class — an upper bound (gold
 * judgments without a class, e.g. ratings, are counted), exact for preference and label projects.
 * From the rollups (tutors × domains × kinds rows), not a pass over a million tasks.
 */
export async function productionAnnotationCount(db: Db, projectId: number): Promise<number> {
  const r = await db
    .selectFrom('economics_rollups')
    .select(sql<number>`sum(judgments)`.as('n'))
    .where('project_id', '=', projectId)
    .where('kind', 'not in', [...GOLD_KINDS])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Current annotations on the production tasks, `taskLimit` tasks a page, in task order; with `keep` <
 * SAMPLE_MOD only those on a fixed, whole-item sample of tasks (see SAMPLE_MOD). Walks the tasks (not
 * every annotation) and reads the chosen tasks' annotations by index.
 */
export async function* agreementPages(
  db: Db,
  projectId: number,
  taskLimit: number,
  keep = SAMPLE_MOD,
): AsyncGenerator<AgreementAnnotationRow[]> {
  if (keep < SAMPLE_MOD) {
    yield* sampledAgreementPages(db, projectId, taskLimit, keep);
    return;
  }
  for (let after = 0; ; ) {
    const page = await db
      .selectFrom('tasks as t')
      .select(['t.id', 't.domain'])
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', 0)
      .where('t.id', '>', after)
      .orderBy('t.id')
      .limit(taskLimit)
      .execute();
    if (page.length === 0) return;
    yield await annotationsOfTasks(db, page);
    after = page[page.length - 1].id;
  }
}

/**
 * The sampled tasks are named, not searched for: their ids are those with a sampled residue mod
 * SAMPLE_MOD, so a page looks up `taskLimit` such ids by primary key (a million-task project: 16,000
 * lookups, where filtering a walk of the tasks read all million), between the project's first and
 * last production task. The same tasks, in the same order.
 */
async function* sampledAgreementPages(db: Db, projectId: number, taskLimit: number, keep: number) {
  // One aggregate each: SQLite reads a lone min() or max() from the index's end, not both together.
  const bound = async (end: 'min' | 'max') =>
    Number(
      (
        await db
          .selectFrom('tasks')
          .select((eb) => eb.fn[end]('id').as('id'))
          .where('project_id', '=', projectId)
          .where('is_gold', '=', 0)
          .executeTakeFirst()
      )?.id ?? 0,
    );
  const lastId = await bound('max');
  const pageOf = async (ids: number[]) => {
    const page = await db
      .selectFrom('tasks as t')
      .select(['t.id', 't.domain'])
      // Checked on the rows found by primary key (`+`: as index terms SQLite walked the project's index instead).
      .where(sql<number>`+t.project_id`, '=', projectId)
      .where(sql<number>`+t.is_gold`, '=', 0)
      .where('t.id', 'in', ids)
      .orderBy('t.id')
      .execute();
    return page.length > 0 ? annotationsOfTasks(db, page) : null;
  };
  // From the project's first task: the ids below it are other projects' (a later project starts high up).
  // The next page is asked for before this one is yielded: on PostgreSQL it is read while this one is measured.
  let ids = sampledIdsAfter((await bound('min')) - 1, lastId, keep, taskLimit);
  let next = ids.length > 0 ? pageOf(ids) : null;
  while (next) {
    const current = next;
    ids = sampledIdsAfter(ids[ids.length - 1], lastId, keep, taskLimit);
    next = ids.length > 0 ? pageOf(ids) : null;
    // Awaited on the next turn; a walk abandoned before then must not leave it unhandled.
    next?.catch(() => undefined);
    const rows = await current;
    if (rows) yield rows;
  }
}

/**
 * Up to `n` task ids in the sample, above `after` and at most `last`, ascending. 7919 is prime to 1000:
 * consecutive task ids land far apart, so the sample is spread over the import. The product is taken of
 * the residue (the same number modulo SAMPLE_MOD): id × 7919 overflows PostgreSQL's integer past 271,183.
 */
export function sampledIdsAfter(after: number, last: number, keep: number, n: number): number[] {
  const residues: number[] = [];
  for (let r = 0; r < SAMPLE_MOD; r++) if ((r * 7919) % SAMPLE_MOD < keep) residues.push(r);
  const out: number[] = [];
  for (let base = after - (after % SAMPLE_MOD); base <= last && out.length < n; base += SAMPLE_MOD) {
    for (const r of residues) {
      const id = base + r;
      if (id > after && id <= last && out.push(id) === n) break;
    }
  }
  return out;
}

/** The current annotations of these tasks, by task and id. */
async function annotationsOfTasks(db: Db, tasks: { id: number; domain: string }[]): Promise<AgreementAnnotationRow[]> {
  const domains = new Map(tasks.map((t) => [t.id, t.domain]));
  const rows = await db
    .selectFrom('annotations as n')
    .select(['n.id', 'n.task_id as taskId', 'n.user_id as userId', 'n.response'])
    .where('n.task_id', 'in', [...domains.keys()])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.task_id')
    .orderBy('n.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    taskId: Number(r.taskId),
    domain: domains.get(Number(r.taskId))!,
    userId: Number(r.userId),
    response: r.response,
  }));
}

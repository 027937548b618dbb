/** The review queue: items and annotations a reviewer certified in the domain should look at. */
import { sql } from 'kysely';
import type { ReviewsTable, TaskConsensusTable } from '../schema.js';
import type { Db } from '../transaction.js';

export type ReviewReason = ReviewsTable['reason'];
export type ReviewState = ReviewsTable['state'];
export const REVIEW_REASONS = ['low_confidence', 'disagreement', 'flagged'] as const satisfies readonly ReviewReason[];

export interface NewReview {
  projectId: number;
  taskId: number;
  domain: string;
  reason: ReviewReason;
  /** Flags name the annotation; consensus-driven reviews are about the whole task. */
  annotationId?: number | null;
  flaggedBy?: number | null;
  note?: string | null;
  at: number;
}

/**
 * Open a review unless the task already has an open one for the same reason (a task is queued
 * once per reason, however many times the trigger fires). Flags are kept apart per tutor and
 * annotation, so one tutor's note never swallows another's. A task a reviewer already decided is
 * not queued again by the model's triggers (its consensus is the verdict now); the answer is then
 * the deciding review's id. Returns the review id, new or existing.
 */
export async function openReview(db: Db, r: NewReview): Promise<{ id: number; created: boolean }> {
  const flagged = r.reason === 'flagged';
  const existing = await db
    .selectFrom('reviews')
    .select('id')
    .where('task_id', '=', r.taskId)
    .where('reason', '=', r.reason)
    .where('state', '=', 'open')
    .$if(flagged, (q) =>
      q
        .where('flagged_by', r.flaggedBy == null ? 'is' : '=', r.flaggedBy ?? null)
        .where('annotation_id', r.annotationId == null ? 'is' : '=', r.annotationId ?? null),
    )
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  if (!flagged) {
    const decided = await db
      .selectFrom('task_consensus')
      .select('review_id')
      .where('task_id', '=', r.taskId)
      .where('source', '=', 'review')
      .executeTakeFirst();
    if (decided?.review_id != null) return { id: decided.review_id, created: false };
  }
  const row = await db
    .insertInto('reviews')
    .values({
      project_id: r.projectId,
      task_id: r.taskId,
      domain: r.domain,
      annotation_id: r.annotationId ?? null,
      reason: r.reason,
      note: r.note ?? null,
      flagged_by: r.flaggedBy ?? null,
      state: 'open',
      reviewer_id: null,
      verdict: null,
      comment: null,
      created_at: r.at,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** The assignment a tutor flags from: whose it is, its task, and the latest annotation made on it. */
export interface FlagTarget {
  userId: number;
  taskId: number;
  projectId: number;
  domain: string;
  annotationId: number | null;
}

export async function flagTargetOf(db: Db, assignmentId: number): Promise<FlagTarget | undefined> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.user_id as userId', 'a.task_id as taskId', 'a.project_id as projectId', 't.domain'])
    .select((eb) =>
      // Corrections are newer rows on the same assignment, so the newest is the tutor's current answer.
      eb
        .selectFrom('annotations as n')
        .select('n.id')
        .whereRef('n.assignment_id', '=', 'a.id')
        .orderBy('n.id', 'desc')
        .limit(1)
        .as('annotationId'),
    )
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  return row ? { ...row, annotationId: row.annotationId ?? null } : undefined;
}

export async function reviewById(db: Db, id: number) {
  return db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface QueueFilter {
  state: ReviewState;
  projectId?: number;
  /** Only reviews with id greater than this (the page cursor). */
  after: number;
  limit: number;
  /** Restrict to these domains (a reviewer's certifications); undefined = every domain. */
  domains?: string[];
  /** Leave out tasks this user annotated: nobody adjudicates their own work. */
  excludeAnnotator?: number;
}

export async function queuePage(db: Db, f: QueueFilter) {
  if (f.domains && f.domains.length === 0) return [];
  return db
    .selectFrom('reviews as r')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([
      'r.id',
      'r.reason',
      'r.note',
      'r.state',
      'r.domain',
      'r.annotation_id as annotationId',
      'r.flagged_by as flaggedBy',
      'r.reviewer_id as reviewerId',
      'r.verdict',
      'r.comment',
      'r.created_at as createdAt',
      'r.decided_at as decidedAt',
      'p.id as projectId',
      'p.name as projectName',
      'p.type as projectType',
      'p.config as projectConfig',
      't.id as taskId',
      't.external_id as externalId',
      't.payload',
      't.gold',
      't.is_gold as isGold',
    ])
    .where('r.state', '=', f.state)
    .where('r.id', '>', f.after)
    .$if(f.projectId !== undefined, (q) => q.where('r.project_id', '=', f.projectId!))
    .$if(f.domains !== undefined, (q) => q.where('r.domain', 'in', f.domains!))
    .$if(f.excludeAnnotator !== undefined, (q) =>
      q.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('annotations as n')
              .select('n.id')
              .whereRef('n.task_id', '=', 'r.task_id')
              .where('n.user_id', '=', f.excludeAnnotator!),
          ),
        ),
      ),
    )
    .orderBy('r.id')
    .limit(f.limit)
    .execute();
}

/** Current annotations of these tasks (corrections replace what they correct), with the tutor's tier. */
export async function annotationsForReview(db: Db, taskIds: number[]) {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('annotations as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select([
      'n.id',
      'n.task_id as taskId',
      'n.user_id as userId',
      'u.tier',
      'n.response',
      'n.duration_ms as durationMs',
      'n.created_at as createdAt',
    ])
    .where('n.task_id', 'in', taskIds)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.task_id')
    .orderBy('n.id')
    .execute();
}

export type ConsensusRow = Pick<
  TaskConsensusTable,
  'task_id' | 'method' | 'method_version' | 'label' | 'confidence' | 'agreement' | 'annotator_count' | 'source' | 'review_id'
>;

export async function consensusOf(db: Db, taskIds: number[]): Promise<Map<number, ConsensusRow>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('task_consensus')
    .select(['task_id', 'method', 'method_version', 'label', 'confidence', 'agreement', 'annotator_count', 'source', 'review_id'])
    .where('task_id', 'in', taskIds)
    .execute();
  return new Map(rows.map((r) => [r.task_id, r]));
}

export interface Decision {
  reviewId: number;
  taskId: number;
  reviewerId: number;
  /** The verdict as JSON text. */
  verdict: string;
  comment: string | null;
  /** The reviewer's time on the verdict, ms; null when the client did not say. */
  durationMs: number | null;
  at: number;
}

/**
 * Mark the review decided, and every other open review of the same task with the same verdict.
 * Null when the review was no longer open (someone decided it first): the state check is in the
 * UPDATE itself, so two reviewers racing cannot both win.
 */
export async function decideReviews(db: Db, d: Decision): Promise<{ closed: number[] } | null> {
  // Every review the verdict closes carries its time; the economics price one verdict once (see economics.ts).
  const set = {
    state: 'decided' as const,
    reviewer_id: d.reviewerId,
    verdict: d.verdict,
    comment: d.comment,
    duration_ms: d.durationMs,
    decided_at: d.at,
  };
  const won = await db.updateTable('reviews').set(set).where('id', '=', d.reviewId).where('state', '=', 'open').executeTakeFirst();
  if (Number(won.numUpdatedRows) !== 1) return null;
  const others = await db
    .updateTable('reviews')
    .set(set)
    .where('task_id', '=', d.taskId)
    .where('state', '=', 'open')
    .returning('id')
    .execute();
  return { closed: others.map((o) => o.id).sort((a, b) => a - b) };
}

/** Who flagged any of these reviews (the tutors who asked for a second look). */
export async function flaggersOf(db: Db, reviewIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('reviews')
    .select('flagged_by')
    .where('id', 'in', reviewIds)
    .where('flagged_by', 'is not', null)
    .execute();
  return rows.map((r) => r.flagged_by!);
}

export interface ReviewConsensus {
  taskId: number;
  projectId: number;
  reviewId: number;
  /** The verdict as JSON text, in the task type's response shape. */
  label: string;
  annotatorCount: number;
  /** The judgments' agreement (`judgmentAgreement`), null without judgments: the verdict does not change it. */
  agreement?: number | null;
  at: number;
}

export const REVIEW_METHOD = 'review';
export const REVIEW_METHOD_VERSION = 'review/1';

/** The verdict becomes the task's consensus, marked as a reviewer's so model recomputes leave it alone. */
export async function upsertReviewConsensus(db: Db, c: ReviewConsensus): Promise<void> {
  const values = {
    method: REVIEW_METHOD,
    method_version: REVIEW_METHOD_VERSION,
    label: c.label,
    confidence: 1,
    agreement: c.agreement ?? null,
    annotator_count: c.annotatorCount,
    source: 'review' as const,
    review_id: c.reviewId,
    computed_at: c.at,
  };
  await db
    .insertInto('task_consensus')
    .values({ task_id: c.taskId, project_id: c.projectId, ...values })
    .onConflict((oc) => oc.column('task_id').doUpdateSet(values))
    .execute();
}

/** Review counts of a project by state and reason. */
export async function reviewCounts(db: Db, projectId: number) {
  return db
    .selectFrom('reviews')
    .select(['state', 'reason', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('project_id', '=', projectId)
    .groupBy(['state', 'reason'])
    .execute();
}

/**
 * Median milliseconds from opening to decision over a project's decided reviews, found by sorting in
 * SQL and reading the middle one or two rows (portable; no percentile function needed).
 */
export async function medianDecisionMs(db: Db, projectId: number, decided: number): Promise<number | null> {
  if (decided === 0) return null;
  const rows = await db
    .selectFrom('reviews')
    .select(sql<number | string>`decided_at - created_at`.as('ms'))
    .where('project_id', '=', projectId)
    .where('state', '=', 'decided')
    .orderBy(sql`decided_at - created_at`)
    .limit(decided % 2 === 0 ? 2 : 1)
    .offset(Math.floor((decided - 1) / 2))
    .execute();
  const ms = rows.map((r) => Number(r.ms));
  return ms.reduce((a, b) => a + b, 0) / ms.length;
}

/**
 * The audit details of a project's verdicts (one `review.decide` event per decision). The event is
 * written at the decision time, so matching on `at` lets the audit log's time index find it (the log
 * has no index on its target).
 */
export async function decisionDetails(db: Db, projectId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('reviews as r')
    .innerJoin('audit_log as a', (j) => j.onRef('a.at', '=', 'r.decided_at').on(sql<boolean>`a.target_id = cast(r.id as text)`))
    .select('a.detail')
    .where('r.project_id', '=', projectId)
    .where('r.state', '=', 'decided')
    .where('a.action', '=', 'review.decide')
    .where('a.target_type', '=', 'review')
    .execute();
  return rows.map((r) => r.detail);
}

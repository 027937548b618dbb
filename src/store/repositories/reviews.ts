/** The review queue: items and annotations a reviewer certified in the domain should look at. */
import type { ReviewsTable } from '../schema.js';
import type { Db } from '../transaction.js';

export type ReviewReason = ReviewsTable['reason'];

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
 * once per reason, however many times the trigger fires). Returns the review id, new or existing.
 */
export async function openReview(db: Db, r: NewReview): Promise<{ id: number; created: boolean }> {
  const existing = await db
    .selectFrom('reviews')
    .select('id')
    .where('task_id', '=', r.taskId)
    .where('reason', '=', r.reason)
    .where('state', '=', 'open')
    .$if(r.reason === 'flagged' && r.annotationId != null, (q) => q.where('annotation_id', '=', r.annotationId!))
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
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

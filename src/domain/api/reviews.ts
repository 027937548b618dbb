/**
 * Review and adjudication: flags, the review queue, verdicts, a tutor's feedback and a project's
 * review summary (/api/assignments/:id/flag, /api/reviews…, /api/me/feedback, /api/projects/:id/reviews/summary).
 */
import { z } from 'zod';
import { RubricAxis } from '../projects.js';
import { Json } from './common.js';

/** Longest time a verdict may report: a day. */
export const MAX_REVIEW_MS = 24 * 3_600_000;

export const ReviewReason = z.enum(['low_confidence', 'disagreement', 'flagged']);
export type ReviewReason = z.output<typeof ReviewReason>;

export const FlagBody = z.object({
  /** What is wrong, in the tutor's words: the reviewer reads it first. */
  note: z.string().trim().min(1, 'say what is wrong with this task').max(2000),
});

/** `created` is false when this tutor already has an open flag on the same task and annotation. */
export const FlagResult = z.object({ reviewId: z.number().int(), created: z.boolean() });
export type FlagResult = z.output<typeof FlagResult>;

export const QueueQuery = z.object({
  projectId: z.coerce.number().int().positive().optional(),
  state: z.enum(['open', 'decided']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextAfter` of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
});
export type QueueQuery = z.output<typeof QueueQuery>;

export const ReviewConsensus = z.object({
  label: Json,
  confidence: z.number(),
  method: z.string(),
  methodVersion: z.string(),
  source: z.enum(['model', 'review']),
  annotatorCount: z.number().int(),
  reviewId: z.number().int().nullable(),
});
export type ReviewConsensus = z.output<typeof ReviewConsensus>;

export const ReviewAnnotation = z.object({
  annotationId: z.number().int(),
  /** Pseudonymous tutor id: stable within this database, never the name, email or user id. */
  tutor: z.string().describe('pseudonymous tutor id'),
  tier: z.string(),
  response: Json,
  durationMs: z.number().int(),
  createdAt: z.string(),
  /** This is the annotation the review's flag is about. */
  flagged: z.boolean(),
});
export type ReviewAnnotation = z.output<typeof ReviewAnnotation>;

export const ReviewItem = z
  .object({
    id: z.number().int(),
    reason: ReviewReason,
    state: z.enum(['open', 'decided']),
    note: z.string().nullable(),
    flaggedBy: z.string().nullable().describe('pseudonymous id of the tutor who flagged'),
    annotationId: z.number().int().nullable().describe('the flagged annotation, if any'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    reviewerId: z.number().int().nullable(),
    verdict: Json.nullable(),
    comment: z.string().nullable(),
    projectId: z.number().int(),
    projectName: z.string(),
    /** The rules a verdict is given under (label set, rubric), so a client can render the answer form. */
    project: z.object({
      id: z.number().int(),
      name: z.string(),
      type: z.string(),
      instructions: z.string(),
      labels: z.array(z.string()).optional(),
      multiLabel: z.boolean(),
      rubric: z.array(RubricAxis).optional(),
    }),
    task: z.object({
      id: z.number().int(),
      externalId: z.string().optional().describe("managers and admins only: an importer's id can name gold"),
      type: z.string(),
      domain: z.string(),
      payload: Json,
      isGold: z.boolean().optional().describe('managers and admins only'),
      gold: Json.optional().describe('only on gold tasks, and only for managers and admins: reviewers also work as tutors'),
    }),
    annotations: z.array(ReviewAnnotation),
    consensus: ReviewConsensus.nullable(),
  })
  .meta({ id: 'ReviewItem' });
export type ReviewItem = z.output<typeof ReviewItem>;

/** `nextAfter`: pass as `after` for the next page; null when this page was the last. */
export const QueuePage = z.object({ reviews: z.array(ReviewItem), nextAfter: z.number().int().nullable() });
export type QueuePage = z.output<typeof QueuePage>;

export const VerdictBody = z.object({
  /** The right answer, in the task type's response shape (as a tutor would submit it). */
  verdict: Json,
  /** Why: shown to the tutors who annotated the task. */
  comment: z.string().trim().max(2000).optional(),
  /**
   * The reviewer's time on the item, ms (at most 24 h), for pricing the review like an annotation.
   * Optional: a verdict without it is priced with duration 0 (nothing for hourly reviewers; the
   * per-review rate still applies to per-task reviewers).
   */
  durationMs: z.number().int().min(0).max(MAX_REVIEW_MS).optional(),
});

export const VerdictResult = z.object({
  reviewId: z.number().int(),
  taskId: z.number().int(),
  decidedAt: z.string(),
  /** Other open reviews of the task, decided by the same verdict. */
  closedReviewIds: z.array(z.number().int()),
  /** Did the verdict differ from the model's consensus? Null when the task had none. */
  overturned: z.boolean().nullable(),
  /** Tutors told of the verdict. */
  notified: z.number().int(),
});
export type VerdictResult = z.output<typeof VerdictResult>;

export const FeedbackQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextBefore` of the previous page. */
  before: z.coerce.number().int().positive().optional(),
});
export type FeedbackQuery = z.output<typeof FeedbackQuery>;

export const FeedbackItem = z
  .object({
    reviewId: z.number().int(),
    taskId: z.number().int(),
    projectId: z.number().int(),
    projectName: z.string(),
    type: z.string(),
    domain: z.string(),
    /** The task as the tutor saw it (never gold: gold tasks are left out). */
    payload: Json,
    mine: Json.nullable().describe('the caller’s own answer; null if they flagged without answering'),
    verdict: Json,
    comment: z.string().nullable(),
    matched: z.boolean().nullable(),
    decidedAt: z.string(),
  })
  .meta({ id: 'ReviewFeedback' });
export type FeedbackItem = z.output<typeof FeedbackItem>;

export const FeedbackPage = z.object({ feedback: z.array(FeedbackItem), nextBefore: z.number().int().nullable() });
export type FeedbackPage = z.output<typeof FeedbackPage>;

const ReasonCountsSchema = z.object({
  low_confidence: z.number().int(),
  disagreement: z.number().int(),
  flagged: z.number().int(),
  total: z.number().int(),
});
export type ReasonCounts = z.output<typeof ReasonCountsSchema>;

export const ReviewSummary = z
  .object({
    projectId: z.number().int(),
    open: ReasonCountsSchema,
    decided: ReasonCountsSchema,
    /** Median ms from a review's opening to its decision; null before the first decision. */
    medianDecisionMs: z.number().nullable(),
    /** Verdicts given (one per decision, however many reviews it closed). */
    verdicts: z.number().int(),
    /** Verdicts on tasks that had a model consensus at the time, and how many of those disagreed with it. */
    withModelConsensus: z.number().int(),
    overturned: z.number().int(),
    /** overturned / withModelConsensus; null when no verdict had a model consensus to overturn. */
    overturnShare: z.number().nullable(),
  })
  .meta({ id: 'ReviewSummary' });
export type ReviewSummary = z.output<typeof ReviewSummary>;

/** A task's page for managers (GET /api/tasks/:id): payload, judgments, consensus, reviews and audit trail. */
import { z } from 'zod';
import { Json } from './common.js';
import { ReviewConsensus, ReviewReason } from './reviews.js';
import { TaskBrowseRow } from './taskBrowser.js';

export const TaskJudgment = z.object({
  annotationId: z.number().int(),
  /** Managers see who judged: the name beside the pseudonym the exports and reviewers use. */
  tutor: z.object({ id: z.number().int(), name: z.string(), pseudonym: z.string(), tier: z.string() }),
  response: Json,
  durationMs: z.number().int(),
  createdAt: z.string(),
  /** The annotation this one corrects (a correction replaces it in the consensus). */
  supersedes: z.number().int().nullable(),
  /** False when a later correction replaced it. */
  current: z.boolean(),
});
export type TaskJudgment = z.output<typeof TaskJudgment>;

export const TaskReviewEntry = z.object({
  id: z.number().int(),
  reason: ReviewReason,
  state: z.enum(['open', 'decided']),
  note: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  reviewer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  verdict: Json.nullable(),
  comment: z.string().nullable(),
});
export type TaskReviewEntry = z.output<typeof TaskReviewEntry>;

export const TaskAuditEntry = z.object({
  id: z.number().int(),
  actor: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type TaskAuditEntry = z.output<typeof TaskAuditEntry>;

export const TaskDetail = z.object({
  task: TaskBrowseRow.extend({
    projectId: z.number().int(),
    projectName: z.string(),
    projectType: z.string(),
    payload: Json,
    /** The known answer of a gold task (managers only ever see this page). */
    gold: Json.nullable(),
  }),
  judgments: z.array(TaskJudgment),
  consensus: ReviewConsensus.nullable(),
  reviews: z.array(TaskReviewEntry),
  /** Audit events about the task and its reviews, newest first (at most 200). */
  audit: z.array(TaskAuditEntry),
});
export type TaskDetail = z.output<typeof TaskDetail>;

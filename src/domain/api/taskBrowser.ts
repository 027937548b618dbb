/** The managers' task browser: GET /api/projects/:id/task-list, filtered and paged on the server (keyset on id). */
import { z } from 'zod';

export const TASK_STATES = ['not_started', 'in_progress', 'done'] as const;

export const TaskBrowseQuery = z.object({
  /** Non-gold tasks only, as in the project's stats: not_started (no judgment, no lease), in_progress (some, not all it needs), done. */
  state: z.enum(TASK_STATES).optional(),
  domain: z.string().min(1).max(100).optional(),
  gold: z.enum(['true', 'false']).optional(),
  /** Tasks whose import id starts with this. */
  q: z.string().min(1).max(200).optional(),
  /** Tasks this user (id) has judged. */
  tutor: z.coerce.number().int().positive().optional(),
  /** Tasks whose stored consensus confidence is below this (0–1); tasks without a consensus never match. */
  confidenceBelow: z.coerce.number().min(0).max(1).optional(),
  /** Tasks whose stored consensus confidence is at least this (0–1). */
  confidenceAtLeast: z.coerce.number().min(0).max(1).optional(),
  /**
   * Tasks whose judgments' agreement is below this (0–1): the share of a task's current judgments that
   * give its most common answer (1 = unanimous, ≤ 0.5 = split), stored with its consensus; tasks without one never match.
   */
  agreementBelow: z.coerce.number().min(0).max(1).optional(),
  /** Tasks whose judgments' agreement is at least this (0–1). */
  agreementAtLeast: z.coerce.number().min(0).max(1).optional(),
  /** The `nextAfter` of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TaskBrowseQuery = z.output<typeof TaskBrowseQuery>;

export const TaskBrowseRow = z.object({
  id: z.number().int(),
  externalId: z.string(),
  domain: z.string(),
  isGold: z.boolean(),
  priority: z.number().int(),
  judgments: z.number().int(),
  /** Judgments the task needs: its adaptive target, else the project's overlap. */
  needed: z.number().int(),
  activeLeases: z.number().int(),
  /** A gold task's state is `gold`: it is never done, and never counted in the stats' states. */
  state: z.enum([...TASK_STATES, 'gold']),
  /** The judgments' agreement stored with the task's consensus (see `agreementBelow`); null before one is stored. */
  agreement: z.number().nullable(),
  createdAt: z.string(),
});
export type TaskBrowseRow = z.output<typeof TaskBrowseRow>;

/** `nextAfter`: pass as `after` for the next page; null when this page was the last. */
export const TaskBrowsePage = z.object({ tasks: z.array(TaskBrowseRow), nextAfter: z.number().int().nullable() });
export type TaskBrowsePage = z.output<typeof TaskBrowsePage>;

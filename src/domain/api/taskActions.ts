/**
 * Bulk actions on a project's tasks (POST /api/projects/:id/task-actions): on the tasks picked on a
 * page, or on every task a browser filter matches (then with the count the manager confirmed).
 */
import { z } from 'zod';
import { Id } from './common.js';
import { TaskBrowseQuery } from './taskBrowser.js';

export const TASK_ACTIONS = ['raise_priority', 'reopen', 'send_to_review', 'exclude_from_export', 'include_in_export'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Most tasks one filter-wide action may touch: past this, narrow the filter. */
export const MAX_FILTER_ACTION = 10_000;

export const TaskFilter = TaskBrowseQuery.pick({
  state: true,
  domain: true,
  gold: true,
  q: true,
  tutor: true,
  confidenceBelow: true,
  confidenceAtLeast: true,
  agreementBelow: true,
  agreementAtLeast: true,
});
export type TaskFilter = z.output<typeof TaskFilter>;

export const TaskActionBody = z
  .object({
    action: z.enum(TASK_ACTIONS),
    /** Tasks picked by id (at most 1000). */
    taskIds: z.array(Id).min(1).max(1000).optional(),
    /** Or every task this filter matches, as the browser shows it. */
    filter: TaskFilter.optional(),
    /** With `filter`: the count the manager confirmed; a different count now is refused (409) so nothing unseen changes. */
    expectedCount: z.number().int().min(0).optional(),
    /** raise_priority: by how much; reopen: how many more judgments each task needs. */
    by: z.number().int().min(1).max(100).default(1),
  })
  .refine((b) => (b.taskIds === undefined) !== (b.filter === undefined), { message: 'send either taskIds or filter', path: ['taskIds'] })
  .refine((b) => b.filter === undefined || b.expectedCount !== undefined, {
    message: 'a filter-wide action needs expectedCount, the count the manager confirmed',
    path: ['expectedCount'],
  });
export type TaskActionBody = z.output<typeof TaskActionBody>;

export const TaskActionResult = z.object({
  action: z.enum(TASK_ACTIONS),
  /** Tasks the action was asked for. */
  matched: z.number().int(),
  /** Tasks it changed (e.g. gold tasks are never re-opened or sent to review; a task already excluded stays as it was). */
  changed: z.number().int(),
});
export type TaskActionResult = z.output<typeof TaskActionResult>;

export const TaskCount = z.object({ count: z.number().int() });

/**
 * The managers' bulk task actions: raise priority, re-open for more judgments, send to review,
 * remove from the exports or restore. On picked ids, or on every task a browser filter matches
 * with the count the manager confirmed (refused if it changed since). One transaction; one audit
 * event per changed task, so each task's page shows what was done to it and by whom.
 */
import {
  MAX_FILTER_ACTION,
  type TaskAction,
  type TaskActionBody,
  type TaskActionResult,
  type TaskFilter,
} from '../../domain/api/taskActions.js';
import { ConflictError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { findProject, routingOverlap } from '../../store/repositories/projects.js';
import { openReview } from '../../store/repositories/reviews.js';
import { projectTasks, raisePriority, reopenTasks, setExportExcluded } from '../../store/repositories/taskActions.js';
import { countMatchingTasks, matchingTaskIds, type TaskFilterSql } from '../../store/repositories/taskBrowser.js';
import { writeTransaction, type Db } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { filterSql } from './browseTasks.js';

type Task = Awaited<ReturnType<typeof projectTasks>>[number];

export const REVIEW_NOTE = 'Sent to review by a manager';

export async function countTasks(ctx: ServiceContext, projectId: number, filter: TaskFilter): Promise<{ count: number }> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  return { count: await countMatchingTasks(ctx.store.db, filterSql(ctx.store.dialect, projectId, routingOverlap(project.config), filter)) };
}

export async function applyTaskAction(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  body: TaskActionBody,
): Promise<TaskActionResult> {
  return writeTransaction(ctx.store, async (db) => {
    const project = await findProject(db, projectId);
    if (!project) throw new NotFoundError(`project ${projectId}`);
    const overlap = routingOverlap(project.config);
    const tasks = await chosenTasks(db, ctx.store.dialect, projectId, overlap, body);
    const changed = await apply(db, body.action, tasks, { actor, projectId, by: body.by, overlap, at: ctx.now() });
    for (const t of changed)
      await recordAudit(db, {
        actorId: actor.id,
        action: `task.${body.action}`,
        targetType: 'task',
        targetId: t.id,
        detail: { projectId, ...(body.action === 'raise_priority' || body.action === 'reopen' ? { by: body.by } : {}), of: tasks.length },
        at: ctx.now(),
      });
    return { action: body.action, matched: tasks.length, changed: changed.length };
  });
}

async function chosenTasks(
  db: Db,
  dialect: TaskFilterSql['dialect'],
  projectId: number,
  overlap: number,
  body: TaskActionBody,
): Promise<Task[]> {
  if (body.taskIds) {
    const ids = [...new Set(body.taskIds)];
    const found = await projectTasks(db, projectId, ids);
    const known = new Set(found.map((t) => t.id));
    const missing = body.taskIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw new UserInputError(`task ${body.taskIds[missing]} is not in this project`, { field: `taskIds.${missing}` });
    return found;
  }
  const ids = await matchingTaskIds(db, filterSql(dialect, projectId, overlap, body.filter!), MAX_FILTER_ACTION + 1);
  if (ids.length > MAX_FILTER_ACTION)
    throw new UserInputError(`the filter matches more than ${MAX_FILTER_ACTION} tasks: narrow it, or act on fewer at a time`, {
      field: 'filter',
    });
  if (ids.length !== body.expectedCount)
    throw new ConflictError(
      `the filter now matches ${ids.length} task(s), not the ${body.expectedCount} you confirmed: look again and confirm`,
    );
  return projectTasks(db, projectId, ids);
}

interface ActionContext {
  actor: Actor;
  projectId: number;
  by: number;
  overlap: number;
  at: number;
}

/** Applies the action; returns the tasks it changed. */
async function apply(db: Db, action: TaskAction, tasks: Task[], { actor, projectId, by, overlap, at }: ActionContext): Promise<Task[]> {
  const work = tasks.filter((t) => Number(t.isGold) === 0);
  switch (action) {
    case 'raise_priority':
      await raisePriority(
        db,
        tasks.map((t) => t.id),
        by,
      );
      return tasks;
    case 'reopen':
      // Gold is always open; more judgments of it mean nothing.
      await reopenTasks(
        db,
        work.map((t) => t.id),
        by,
        overlap,
      );
      return work;
    case 'send_to_review': {
      const sent: Task[] = [];
      for (const t of work) {
        const review = await openReview(db, {
          projectId,
          taskId: t.id,
          domain: t.domain,
          reason: 'flagged',
          flaggedBy: actor.id,
          note: REVIEW_NOTE,
          at,
        });
        if (review.created) sent.push(t);
      }
      return sent;
    }
    case 'exclude_from_export':
    case 'include_in_export': {
      const exclude = action === 'exclude_from_export';
      const flip = tasks.filter((t) => (Number(t.excluded) === 1) !== exclude);
      await setExportExcluded(
        db,
        flip.map((t) => t.id),
        exclude,
      );
      return flip;
    }
  }
}

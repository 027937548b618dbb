/** The managers' task browser: one page of a project's tasks, with each task's state as the project's stats count it. */
import type { TaskBrowsePage, TaskBrowseQuery, TaskBrowseRow } from '../../domain/api/taskBrowser.js';
import { NotFoundError } from '../../domain/errors.js';
import { findProject, routingOverlap } from '../../store/repositories/projects.js';
import { taskBrowsePage, type TaskFilterSql } from '../../store/repositories/taskBrowser.js';
import type { TaskFilter } from '../../domain/api/taskActions.js';
import type { ServiceContext } from '../context.js';

export async function browseTasks(ctx: ServiceContext, projectId: number, query: TaskBrowseQuery): Promise<TaskBrowsePage> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const rows = await taskBrowsePage(ctx.store.db, {
    ...filterSql(ctx.store.dialect, projectId, routingOverlap(project.config), query),
    after: query.after,
    limit: query.limit,
  });
  const tasks = rows.map(browseRow);
  return { tasks, nextAfter: rows.length === query.limit ? tasks[tasks.length - 1].id : null };
}

type StoredBrowseRow = Awaited<ReturnType<typeof taskBrowsePage>>[number];

/** A stored task as the browser shows it, with its state as the project's stats count it. */
export function browseRow(r: StoredBrowseRow): TaskBrowseRow {
  const judgments = Number(r.judgments);
  const needed = Number(r.needed);
  const activeLeases = Number(r.activeLeases);
  const isGold = Number(r.isGold) === 1;
  const state = isGold ? 'gold' : judgments >= needed ? 'done' : judgments + activeLeases > 0 ? 'in_progress' : 'not_started';
  return {
    id: Number(r.id),
    externalId: r.externalId,
    domain: r.domain,
    isGold,
    priority: Number(r.priority),
    judgments,
    needed,
    activeLeases,
    state,
    agreement: r.agreement === null || r.agreement === undefined ? null : Number(r.agreement),
    createdAt: new Date(Number(r.createdAt)).toISOString(),
  };
}

/** The browser's query as the repository's filter. */
export function filterSql(dialect: TaskFilterSql['dialect'], projectId: number, overlap: number, f: TaskFilter): TaskFilterSql {
  return {
    dialect,
    projectId,
    overlap,
    state: f.state,
    domain: f.domain,
    gold: f.gold === undefined ? undefined : f.gold === 'true',
    externalIdPrefix: f.q,
    tutor: f.tutor,
    confidenceBelow: f.confidenceBelow,
    confidenceAtLeast: f.confidenceAtLeast,
    agreementBelow: f.agreementBelow,
    agreementAtLeast: f.agreementAtLeast,
  };
}

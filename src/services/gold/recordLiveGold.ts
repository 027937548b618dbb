/**
 * After a successful submit on a production gold task: record whether it matched gold, then apply
 * the project's suspension rule. This runs in its own short transaction after the submit's commit —
 * the submit's own transaction is the routing hot path (raw statements on SQLite) and should not grow;
 * the cost is that a crash between the two loses one gold result, never an annotation.
 * Only projects with a gold rate serve gold, so others skip the task lookup altogether.
 */
import { goldMatch } from '../../domain/goldMatch.js';
import { goldTaskOfAnnotation, insertGoldResult } from '../../store/repositories/goldResults.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import { writeTransaction } from '../../store/transaction.js';
import type { ServiceContext } from '../context.js';
import { suspendOnGold, type Suspension } from './suspension.js';

export async function recordLiveGold(
  ctx: ServiceContext,
  project: ProjectRecord,
  userId: number,
  annotationId: number,
  response: Record<string, unknown>,
): Promise<Suspension | null> {
  const config = project.config;
  if ((config.purpose ?? 'production') !== 'production' || config.goldRate <= 0) return null;
  const task = await goldTaskOfAnnotation(ctx.store.db, annotationId);
  if (!task?.gold) return null;
  const match = goldMatch(config.type, response, JSON.parse(task.gold) as Record<string, unknown>);
  if (!match) return null;
  const at = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    await insertGoldResult(db, { userId, projectId: project.id, taskId: task.taskId, annotationId, domain: task.domain, correct: match.correct, at });
    const policy = config.quality?.goldSuspension;
    return policy ? suspendOnGold(db, userId, task.domain, policy, project.id, at) : null;
  });
}

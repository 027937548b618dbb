/**
 * After a successful submit on a production gold task: record whether it matched gold. The
 * suspension rule is applied after every submit instead, on released results (applyGoldSuspension). This runs in its own short transaction after the submit's commit —
 * the submit's own transaction is the routing hot path (raw statements on SQLite) and should not grow;
 * the cost is that a crash between the two loses one gold result, never an annotation.
 * Only projects with a gold rate serve gold, so others skip the task lookup altogether.
 */
import { goldMatch } from '../../domain/goldMatch.js';
import { goldTaskOfAnnotation, insertGoldResult } from '../../store/repositories/goldResults.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import { writeTransaction } from '../../store/transaction.js';
import type { ServiceContext } from '../context.js';
import { suspendOnGold, suspensionDue, type Suspension } from './suspension.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldResults } from './goldRelease.js';

export async function recordLiveGold(
  ctx: ServiceContext,
  project: ProjectRecord,
  userId: number,
  annotationId: number,
  response: Record<string, unknown>,
): Promise<void> {
  const config = project.config;
  if ((config.purpose ?? 'production') !== 'production' || config.goldRate <= 0) return;
  const task = await goldTaskOfAnnotation(ctx.store.db, annotationId);
  if (!task?.gold) return;
  const match = goldMatch(config.type, response, JSON.parse(task.gold) as Record<string, unknown>);
  if (!match) return;
  const at = ctx.now();
  await writeTransaction(ctx.store, (db) =>
    insertGoldResult(db, {
      userId,
      projectId: project.id,
      taskId: task.taskId,
      annotationId,
      domain: task.domain,
      correct: match.correct,
      at,
    }),
  );
}

/**
 * After every submit in a production project with a suspension rule, gold or not: apply the rule to
 * the tutor's released gold results in the project's domains. Reads first; a write transaction only
 * when a suspension is due.
 */
export async function applyGoldSuspension(ctx: ServiceContext, project: ProjectRecord, userId: number): Promise<Suspension[]> {
  const policy = project.config.quality?.goldSuspension;
  if (!policy || (project.config.purpose ?? 'production') !== 'production') return [];
  const released = await releasedGoldResults(ctx.store.db, userId, ctx.goldRelease ?? DEFAULT_GOLD_RELEASE, ctx.now());
  if (released.length === 0) return [];
  const done: Suspension[] = [];
  for (const domain of project.config.domains) {
    if (!(await suspensionDue(ctx.store.db, userId, domain, policy, released))) continue;
    const s = await writeTransaction(ctx.store, (db) => suspendOnGold(db, userId, domain, policy, project.id, ctx.now(), released));
    if (s) done.push(s);
  }
  return done;
}

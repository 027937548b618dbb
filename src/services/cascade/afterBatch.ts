/**
 * The cascade after a consensus batch: every task that has all its judgments at a level below the last
 * is decided again with the reliabilities the batch has just measured (a tier's reliability may have
 * moved since the live decision), and moved up when the rule says so.
 */
import type { ProjectConfig } from '../../domain/projects.js';
import { UNKNOWN_ACCURACY } from '../../quality/reliability/blend.js';
import { cascadeTiers } from '../../routing/cascade.js';
import { tasksDoneAtLevel, tiersOfUsers } from '../../store/repositories/cascade.js';
import { flaggedTasks } from '../../store/repositories/judges.js';
import { writeTransaction } from '../../store/transaction.js';
import type { ServiceContext } from '../context.js';
import { escalateIfDue } from './cascade.js';

const PAGE = 500;

export interface BatchJudgments {
  labels: readonly string[];
  workers: readonly number[];
  classes: readonly string[];
}

export async function cascadeAfterBatch(
  ctx: ServiceContext,
  projectId: number,
  config: ProjectConfig,
  judged: ReadonlyMap<number, BatchJudgments>,
  reliability: readonly { userId: number; domain: string; reliability: number }[],
): Promise<number> {
  const cascade = config.cascade;
  if (!cascade) return 0;
  const measured = new Map(reliability.map((r) => [`${r.userId}:${r.domain}`, r.reliability]));
  const tiers = await tiersOfUsers(ctx.store.db, [...new Set([...judged.values()].flatMap((t) => t.workers))]);
  let moved = 0;
  for (let after = 0; ; ) {
    const page = await tasksDoneAtLevel(ctx.store.db, projectId, after, PAGE);
    if (page.length === 0) return moved;
    const flagged = await flaggedTasks(
      ctx.store.db,
      page.map((t) => t.id),
    );
    await writeTransaction(ctx.store, async (trx) => {
      for (const task of page) {
        const facts = judged.get(task.id);
        const order = cascadeTiers(cascade, task.domain);
        if (!facts || order.indexOf(task.tier) === order.length - 1) continue;
        const decision = await escalateIfDue(
          trx,
          projectId,
          config,
          {
            ...task,
            judgments: facts.workers.map((userId, i) => ({ userId, label: facts.labels[i] })),
            classes: facts.classes,
            flagged: flagged.has(task.id),
          },
          (userId) => measured.get(`${userId}:${task.domain}`) ?? UNKNOWN_ACCURACY,
          tiers,
        );
        if (decision?.escalate) moved++;
      }
    });
    after = page[page.length - 1].id;
  }
}

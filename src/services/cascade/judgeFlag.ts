/**
 * A judge's flag feeds the cascade (issue 13 §4: an item "moves up when ... a judge flags it"). The
 * judge runner records its verdict after the judgment's submit (the submit's own cascade decision ran
 * before the flag existed), so once a flagged verdict is stored the task is decided again here, with
 * the flag: judged in both orders and inconsistent, sent to humans (no judgment at all), or a pick of
 * the judge's own model's answer. Idempotent: a task already moved up (`moveUp` checks the level) or
 * at its last tier stays where it is.
 */
import { UNKNOWN_ACCURACY } from '../../quality/reliability/blend.js';
import { currentAnnotationsOfTask, lockTask } from '../../store/repositories/consensus.js';
import { findProject } from '../../store/repositories/projects.js';
import { reliabilityInDomain } from '../../store/repositories/reliability.js';
import { writeTransaction } from '../../store/transaction.js';
import type { Tier } from '../../domain/users.js';
import type { ServiceContext } from '../context.js';
import { classOf, taskClasses } from '../consensus/labels.js';
import { escalateIfDue } from './cascade.js';
import type { CascadeDecision } from '../../routing/cascade.js';

/** Decide a flagged task of a cascade project again; null when it is not in a cascade. */
export async function escalateFlaggedTask(ctx: ServiceContext, projectId: number, taskId: number): Promise<CascadeDecision | null> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project?.config.cascade) return null;
  const config = project.config;
  return writeTransaction(ctx.store, async (trx) => {
    const task = await lockTask(ctx.store, trx, taskId);
    if (!task || task.isGold === 1 || task.cascadeTier === null) return null;
    const judgments: { userId: number; label: string }[] = [];
    for (const a of await currentAnnotationsOfTask(trx, task.id)) {
      const label = classOf(config.type, a.response);
      if (label !== null) judgments.push({ userId: a.userId, label });
    }
    const accuracy = await reliabilityInDomain(trx, task.domain, [...new Set(judgments.map((j) => j.userId))]);
    const payload = JSON.parse(task.payload) as { responses?: { id: string }[] };
    return escalateIfDue(
      trx,
      projectId,
      config,
      {
        id: task.id,
        domain: task.domain,
        tier: task.cascadeTier as Tier,
        submitted: Number(task.submittedCount),
        judgments,
        classes: taskClasses(config, payload),
        flagged: true,
      },
      (userId) => accuracy.get(userId) ?? UNKNOWN_ACCURACY,
    );
  });
}

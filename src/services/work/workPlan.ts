/**
 * A tutor's readable "left for you" count and the gold draw of their next lease, from one source
 * (routing/goldMixing.ts `workPlan`), so the project list and `next` can never disagree.
 */
import { AVAILABLE_CAP, workPlan, type WorkPlan } from '../../routing/goldMixing.js';
import { servedToUser, workLeftForUser } from '../../store/repositories/tasks.js';
import type { Db } from '../../store/transaction.js';

/** `domains`: those the tutor may receive now, null for all of the project's. */
export async function tutorWorkPlan(
  db: Db,
  projectId: number,
  userId: number,
  goldRate: number,
  domains: string[] | null,
  /** Cascade projects: the tutor's tier (only the tasks at its level count). */
  cascadeTier?: string,
): Promise<WorkPlan> {
  if (domains !== null && domains.length === 0) return { available: 0, goldChance: 0, goldInCount: false };
  const left = await workLeftForUser(db, projectId, userId, domains, AVAILABLE_CAP + 1, cascadeTier);
  // What the tutor has been served only matters once the count is below the cap (and there is gold to mix).
  const needServed = goldRate > 0 && left.goldUnmet > 0 && left.realLeft <= AVAILABLE_CAP;
  return workPlan(goldRate, needServed ? { ...left, served: await servedToUser(db, projectId, userId) } : left);
}

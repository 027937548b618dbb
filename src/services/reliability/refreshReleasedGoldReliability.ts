/**
 * After every submit in a project that routes on reliability (a floor, or adaptive overlap's trusted
 * pool): re-read the tutor's *released* gold counts in the task's domain (gold/goldRelease.ts) and
 * re-blend their reliability with the last batch's model estimate, so the floor and trust follow gold
 * without waiting for the next batch. It runs after real and gold submits alike and reads only what
 * has been released to the tutor, so the moment a floor acts says nothing about the task just done.
 */
import { reliabilityRow, saveReliability, reliabilityKey } from '../../store/repositories/reliability.js';
import type { ServiceContext } from '../context.js';
import { blendReliability } from '../../quality/reliability/blend.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldCounts } from '../gold/goldRelease.js';

export async function refreshReleasedGoldReliability(ctx: ServiceContext, userId: number, domain: string): Promise<void> {
  const db = ctx.store.db;
  const now = ctx.now();
  const released = await releasedGoldCounts(db, [userId], domain, ctx.goldRelease ?? DEFAULT_GOLD_RELEASE, now);
  const g = released.get(reliabilityKey(userId, domain)) ?? { total: 0, correct: 0 };
  const row = await reliabilityRow(db, userId, domain);
  if (!row && g.total === 0) return;
  if (row && row.goldTotal === g.total && row.goldCorrect === g.correct) return;
  const evidence = {
    goldTotal: g.total,
    goldCorrect: g.correct,
    modelAccuracy: row?.modelAccuracy ?? null,
    modelLabels: row?.modelLabels ?? 0,
  };
  await saveReliability(db, [{ userId, domain, ...evidence, reliability: blendReliability(evidence), updatedAt: now }]);
}

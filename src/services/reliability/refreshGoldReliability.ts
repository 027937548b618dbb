/**
 * After a gold submit: re-read the tutor's gold counts in the domain (every project) and re-blend
 * their reliability with the last batch's model estimate, so the floor and trust react to gold at
 * once instead of at the next batch.
 */
import { goldCounts, reliabilityKey, reliabilityRow, saveReliability } from '../../store/repositories/reliability.js';
import type { ServiceContext } from '../context.js';
import { blendReliability } from '../../quality/reliability/blend.js';

export async function refreshGoldReliability(ctx: ServiceContext, userId: number, domain: string): Promise<void> {
  const db = ctx.store.db;
  const g = (await goldCounts(db, [userId], domain)).get(reliabilityKey(userId, domain)) ?? { total: 0, correct: 0 };
  const row = await reliabilityRow(db, userId, domain);
  if (!row && g.total === 0) return;
  const evidence = {
    goldTotal: g.total,
    goldCorrect: g.correct,
    modelAccuracy: row?.modelAccuracy ?? null,
    modelLabels: row?.modelLabels ?? 0,
  };
  await saveReliability(db, [{ userId, domain, ...evidence, reliability: blendReliability(evidence), updatedAt: ctx.now() }]);
}

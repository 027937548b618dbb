/**
 * A tutor's own quality view: gold accuracy per domain (their production gold judgments as released
 * to them in batches, services/gold/goldRelease.ts, with a Wilson 95 % interval and the strictest suspension threshold that applies there), their
 * certifications — active, suspended (by live gold) or revoked (by a manager), with reason and date —
 * and their practice progress.
 */
import { certificationsOf } from '../../store/repositories/certifications.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldResults } from '../gold/goldRelease.js';
import { allProjects } from '../../store/repositories/projects.js';
import type { Actor, ServiceContext } from '../context.js';
import { interval, practiceProgress } from '../practice/practiceProgress.js';
import type { MyCertification, MyQuality } from '../../domain/api/me.js';

export async function myQuality(ctx: ServiceContext, actor: Actor): Promise<MyQuality> {
  const db = ctx.store.db;
  const thresholds = new Map<string, number>();
  for (const p of await allProjects(db)) {
    const rule = p.config.quality?.goldSuspension;
    if (!rule || p.status !== 'active' || (p.config.purpose ?? 'production') !== 'production') continue;
    for (const d of p.config.domains) thresholds.set(d, Math.max(thresholds.get(d) ?? 0, rule.threshold));
  }
  const gold = goldTotals(await releasedGoldResults(db, actor.id, ctx.goldRelease ?? DEFAULT_GOLD_RELEASE, ctx.now())).map((g) => ({
    domain: g.domain,
    goldTotal: g.total,
    goldCorrect: g.correct,
    accuracy: interval(g.correct, g.total),
    threshold: thresholds.get(g.domain) ?? null,
  }));
  const certifications = (await certificationsOf(db, actor.id)).map(
    (c): MyCertification => ({
      domain: c.domain,
      level: c.level,
      source: c.source,
      examId: c.exam_id,
      score: c.score,
      grantedAt: new Date(Number(c.granted_at)).toISOString(),
      status: c.revoked_at === null ? 'active' : c.revoked_reason?.startsWith('suspended:') ? 'suspended' : 'revoked',
      revokedAt: c.revoked_at === null ? null : new Date(Number(c.revoked_at)).toISOString(),
      reason: c.revoked_reason,
    }),
  );
  return { gold, certifications, practice: await practiceProgress(ctx, actor) };
}

/** Released results per domain, in domain order. */
function goldTotals(rows: { domain: string; correct: number }[]): { domain: string; total: number; correct: number }[] {
  const by = new Map<string, { total: number; correct: number }>();
  for (const r of rows) {
    const t = by.get(r.domain) ?? { total: 0, correct: 0 };
    t.total++;
    t.correct += r.correct;
    by.set(r.domain, t);
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([domain, t]) => ({ domain, ...t }));
}

/**
 * Gold accuracy per tutor (overall and per domain) with Wilson 95 % intervals. The source is the
 * `gold_results` table (one row per production gold judgment, written when it is submitted) when it
 * has rows for the project; otherwise the project's current annotations on gold tasks, each compared
 * with the task's gold answer through `categoricalLabel` (preference choice, label set) — other task
 * types have no categorical answer to compare, and say so.
 */
import type { GoldAccuracy, TutorGold, Wilson } from '../../domain/api/dashboards.js';
import { categoricalLabel } from '../../domain/answers.js';
import { wilsonInterval } from '../../quality/gold.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import { pseudonym } from '../export/annotations.js';
import type { ServiceContext } from '../context.js';
import { goldAnnotationPage, goldResultCounts, tutorsByIds, type GoldCountRow } from '../../store/repositories/dashboards.js';

const PAGE = 2000;

export function wilson(correct: number, total: number): Wilson {
  const w = wilsonInterval(correct, total);
  return { correct: w.correct, total: w.total, value: Number.isFinite(w.value) ? w.value : null, lower: w.lower, upper: w.upper };
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Counts per tutor × domain from the annotations on gold tasks (the fallback when `gold_results` is empty). */
async function countsFromAnnotations(ctx: ServiceContext, projectId: number, type: string): Promise<GoldCountRow[]> {
  const counts = new Map<string, GoldCountRow>();
  let after = 0;
  for (;;) {
    const rows = await goldAnnotationPage(ctx.store.db, projectId, after, PAGE);
    for (const r of rows) {
      const goldJson = parse(r.gold);
      const gold = goldJson ? categoricalLabel(type, goldJson) : null;
      const label = categoricalLabel(type, parse(r.response) ?? {});
      if (gold === null || label === null) continue;
      const key = `${r.userId}\u0000${r.domain}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { userId: r.userId, domain: r.domain, total: 0, correct: 0 }));
      c.total++;
      if (label === gold) c.correct++;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }
  return [...counts.values()];
}

export async function goldAccuracyByTutor(ctx: ServiceContext, projectId: number, type: string): Promise<GoldAccuracy> {
  let counts = await goldResultCounts(ctx.store.db, projectId);
  let source: GoldAccuracy['source'] = 'gold_results';
  let note: string | null = null;
  if (counts.length === 0) {
    if (type !== 'preference' && type !== 'label') {
      return {
        source: 'none',
        note: `no gold results recorded yet, and ${type} answers are not compared with gold here (only preference and label answers are)`,
        tutors: [],
      };
    }
    counts = await countsFromAnnotations(ctx, projectId, type);
    source = 'annotations';
    note = 'computed from annotations on gold tasks (no gold results recorded for this project yet)';
  }
  const tutors = await tutorsByIds(ctx.store.db, [...new Set(counts.map((c) => c.userId))]);
  const secret = await databaseSecret(ctx.store.db);
  const byTutor = new Map<number, GoldCountRow[]>();
  for (const c of counts) {
    let list = byTutor.get(c.userId);
    if (!list) byTutor.set(c.userId, (list = []));
    list.push(c);
  }
  const out: TutorGold[] = [];
  for (const [userId, list] of byTutor) {
    const info = tutors.get(userId);
    const total = list.reduce((s, c) => s + c.total, 0),
      correct = list.reduce((s, c) => s + c.correct, 0);
    out.push({
      userId,
      tutor: pseudonym(secret, userId),
      name: info?.name ?? `user ${userId}`,
      tier: info?.tier ?? 'generalist',
      overall: wilson(correct, total),
      byDomain: list.sort((a, b) => a.domain.localeCompare(b.domain)).map((c) => ({ domain: c.domain, ...wilson(c.correct, c.total) })),
    });
  }
  // Weakest first by the lower bound: the tutors a manager should look at come first.
  out.sort((a, b) => a.overall.lower - b.overall.lower || a.name.localeCompare(b.name) || a.userId - b.userId);
  return { source, note, tutors: out };
}

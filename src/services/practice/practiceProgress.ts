/**
 * A tutor's way toward an exam, per domain: how much they practised, how accurate they are lately
 * (the last 20 answers, with a Wilson 95 % interval), the domain's active exam and whether they look
 * ready for it, and when they may take it. Domains listed: those with a practice bank, and those with
 * an active exam (so every exam can be found from here, bank or not).
 *
 * "Ready" = recent accuracy ≥ the pass mark over at least min(20, questionCount) recent answers: one
 * lucky answer is not readiness.
 */
import type { Interval, PracticeDomain } from '../../domain/api/practice.js';
import { wilsonInterval } from '../../quality/gold.js';
import { certifiedDomains } from '../../store/repositories/certifications.js';
import { activeExams, bankSizes, lastSubmittedAttempts, type ExamRow } from '../../store/repositories/exams.js';
import { practiceTotals, recentPractice } from '../../store/repositories/practice.js';
import type { Actor, ServiceContext } from '../context.js';
import { bankProjects } from '../exams/banks.js';
import { retakeState } from '../exams/retakes.js';

export const RECENT_WINDOW = 20;

export function interval(correct: number, total: number): Interval {
  const w = wilsonInterval(correct, total);
  return { estimate: total > 0 ? w.value : null, lower: w.lower, upper: w.upper };
}

export async function practiceProgress(ctx: ServiceContext, actor: Actor): Promise<PracticeDomain[]> {
  const db = ctx.store.db;
  const now = ctx.now();
  const sizes = await bankSizes(
    db,
    (await bankProjects(db, 'practice')).map((p) => p.id),
  );
  const examOf = new Map<string, ExamRow>();
  for (const e of await activeExams(db)) if (!examOf.has(e.domain)) examOf.set(e.domain, e);
  const domains = [...new Set([...sizes.keys(), ...examOf.keys()])].sort();
  const totals = await practiceTotals(db, actor.id);
  const certified = await certifiedDomains(db, actor.id);
  const lastAttempts = await lastSubmittedAttempts(
    db,
    actor.id,
    [...examOf.values()].map((e) => e.id),
  );

  const out: PracticeDomain[] = [];
  for (const domain of domains) {
    const recentRows = await recentPractice(db, actor.id, domain, RECENT_WINDOW);
    const recentCorrect = recentRows.filter((c) => c === 1).length;
    const recent = {
      window: RECENT_WINDOW,
      answered: recentRows.length,
      correct: recentCorrect,
      ...interval(recentCorrect, recentRows.length),
    };
    const exam = examOf.get(domain);
    const state = exam ? retakeState(exam, certified, lastAttempts.get(exam.id), now) : null;
    const ready =
      exam !== undefined &&
      recent.estimate !== null &&
      recent.answered >= Math.min(RECENT_WINDOW, exam.question_count) &&
      recent.estimate >= exam.pass_mark;
    out.push({
      domain,
      bankSize: sizes.get(domain) ?? 0,
      answered: totals.get(domain)?.answered ?? 0,
      correct: totals.get(domain)?.correct ?? 0,
      recent,
      exam: exam
        ? {
            id: exam.id,
            name: exam.name,
            questionCount: exam.question_count,
            passMark: exam.pass_mark,
            cooldownHours: exam.cooldown_hours,
            version: exam.version,
          }
        : null,
      ready,
      nextAttemptAt: state && !state.allowed && !state.certified ? new Date(state.nextAttemptAt).toISOString() : null,
      certified: certified.includes(domain),
    });
  }
  return out;
}

/**
 * Rubric scores, consensus and agreement per criterion. Pure.
 *
 * Score of one response: the weighted share of met criteria, Σ weight(met) / Σ weight. The cap rule:
 * when any essential criterion is unmet, the score is at most `ESSENTIAL_CAP` (0.5), however much
 * else is met — so a response that misses an essential point never ranks above one that meets them
 * all and at least half the weight.
 *
 * Consensus per (response, criterion): the majority of graders' verdicts; a tie is "not met" and
 * marked split (a criterion is credited only when most graders saw it met). Agreement per criterion:
 * percent agreement (src/quality/agreement) over the responses as units and the graders as raters.
 */
import { percentAgreement } from '../agreement/kappa.js';
import { groupByUnit } from '../agreement/types.js';

export const ESSENTIAL_CAP = 0.5;

export interface ScoredCriterion {
  id: string;
  weight: number;
  essential: boolean;
}

/** Score one response from its verdicts (criterion id → met); a criterion without a verdict counts as unmet. */
export function rubricScore(criteria: readonly ScoredCriterion[], met: ReadonlyMap<string, boolean>): number {
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  if (total === 0) return 0;
  const share = criteria.reduce((s, c) => s + (met.get(c.id) ? c.weight : 0), 0) / total;
  const essentialMissed = criteria.some((c) => c.essential && !met.get(c.id));
  return essentialMissed ? Math.min(share, ESSENTIAL_CAP) : share;
}

/** One grader's verdicts on one task: response id → criterion id → met. */
export type Grading = ReadonlyMap<string, ReadonlyMap<string, boolean>>;

export interface CriterionConsensus {
  criterion: string;
  met: boolean;
  /** Graders who said met / who gave a verdict. */
  metVotes: number;
  votes: number;
  split: boolean;
}

/** Majority verdict per criterion for one response, over the graders' gradings. */
export function consensusFor(criteria: readonly ScoredCriterion[], response: string, gradings: readonly Grading[]): CriterionConsensus[] {
  return criteria.map((c) => {
    let metVotes = 0,
      votes = 0;
    for (const g of gradings) {
      const v = g.get(response)?.get(c.id);
      if (v === undefined) continue;
      votes++;
      if (v) metVotes++;
    }
    const split = votes > 0 && metVotes * 2 === votes;
    return { criterion: c.id, met: metVotes * 2 > votes, metVotes, votes, split };
  });
}

/** Percent agreement per criterion (NaN when no response has two verdicts on it). */
export function agreementPerCriterion(
  criteria: readonly ScoredCriterion[],
  responses: readonly string[],
  gradings: readonly Grading[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of criteria) {
    const units: number[] = [],
      raters: number[] = [],
      values: number[] = [];
    gradings.forEach((g, rater) => {
      responses.forEach((r, unit) => {
        const v = g.get(r)?.get(c.id);
        if (v === undefined) return;
        units.push(unit);
        raters.push(rater);
        values.push(v ? 1 : 0);
      });
    });
    const grouped = groupByUnit({
      units: Int32Array.from(units),
      raters: Int32Array.from(raters),
      values: Float64Array.from(values),
      nUnits: responses.length,
      nRaters: gradings.length,
    });
    out.set(c.id, percentAgreement(grouped, new Float64Array(responses.length).fill(1)));
  }
  return out;
}

/** A grade response (as stored) as a Grading. */
export function gradingOf(response: { grades?: { response: string; verdicts: { criterion: string; met: boolean }[] }[] }): Grading {
  return new Map((response.grades ?? []).map((g) => [g.response, new Map(g.verdicts.map((v) => [v.criterion, v.met]))]));
}

/**
 * The stored consensus of a grading task (the consensus engine's free-form path): the majority verdict
 * per (response, criterion), in the grade response's shape; confidence = mean share of the majority.
 * Authoring and review answers have no consensus (null).
 */
export function rubricGradeConsensus(
  responses: readonly Record<string, unknown>[],
  payload: { stage?: string; responses?: { id: string }[]; criteria?: ScoredCriterion[] },
): { method: 'majority'; label: Record<string, unknown>; confidence: number } | null {
  if (payload.stage !== 'grade' || !payload.criteria || !payload.responses) return null;
  const gradings = responses.map((r) => gradingOf(r as Parameters<typeof gradingOf>[0]));
  const shares: number[] = [];
  const grades = payload.responses.map((r) => ({
    response: r.id,
    verdicts: consensusFor(payload.criteria!, r.id, gradings).map((c) => {
      if (c.votes > 0) shares.push(Math.max(c.metVotes, c.votes - c.metVotes) / c.votes);
      return { criterion: c.criterion, met: c.met, evidence: '' };
    }),
  }));
  const confidence = shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length;
  return { method: 'majority', label: { stage: 'grade', grades }, confidence };
}

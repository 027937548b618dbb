/**
 * What a project's settings mean, in sentences: the one statement of the rules in force, read by the
 * project page and the settings page alike (so neither can say "Overlap 3" for a project that runs
 * adaptive overlap 2–5). Built from the stored project only.
 */
import type { Project } from '../../api/types.js';
import { duration, money } from '../../lib/format.js';

export const METHOD_NAMES: Record<string, string> = {
  mv: 'majority vote (MV)',
  wmv: 'weighted majority vote (WMV)',
  wawa: 'worker-agreement weighted vote (WAWA)',
  ds1: 'one-coin Dawid–Skene (DS1)',
  ds: 'Dawid–Skene (DS)',
  bds: 'Bayesian Dawid–Skene (BDS)',
  glad: 'GLAD',
  mace: 'MACE',
  hds: 'hierarchical Dawid–Skene (HDS)',
};

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export type PolicyFields = Pick<
  Project,
  'overlap' | 'goldRate' | 'eligibility' | 'payPerTask' | 'leaseSeconds' | 'quality' | 'purpose' | 'requireRationale' | 'status'
>;

export interface Rule {
  topic: string;
  text: string;
}

export function rulesInForce(p: PolicyFields): Rule[] {
  const q = p.quality;
  const rules: Rule[] = [];
  if (p.purpose && p.purpose !== 'production') {
    rules.push({
      topic: 'Purpose',
      text: `A question bank for ${p.purpose === 'exam' ? 'exams' : 'practice'}: never routed as work, never exported.`,
    });
  }
  rules.push({
    topic: 'Judgments per task',
    text: q?.adaptiveOverlap
      ? `Adaptive: each task gets ${q.adaptiveOverlap.minJudgments} to ${q.adaptiveOverlap.maxJudgments} judgments, and stops as soon as its consensus reaches ${pct(q.adaptiveOverlap.targetConfidence)} confidence. (The fixed overlap of ${p.overlap} is not used.)`
      : `Fixed: each task gets ${p.overlap} ${p.overlap === 1 ? 'judgment' : 'judgments'}.`,
  });
  rules.push({
    topic: 'Consensus',
    text: `Formed by ${METHOD_NAMES[q?.consensusMethod ?? 'hds'] ?? q?.consensusMethod}${q?.liveConsensus || q?.adaptiveOverlap || q?.reviewBelowConfidence !== undefined || q?.reliabilityFloor !== undefined ? ', kept current after every judgment' : ', in batches when read (exports, dashboards)'}.`,
  });
  rules.push({
    topic: 'Review',
    text:
      q?.reviewBelowConfidence !== undefined
        ? `A task whose final consensus confidence is below ${pct(q.reviewBelowConfidence)} goes to the review queue.`
        : 'No automatic review threshold: tasks reach review only when flagged.',
  });
  rules.push({
    topic: 'Gold',
    text: p.goldRate > 0 ? `${pct(p.goldRate)} of served tasks are gold checks.` : 'No gold checks are served.',
  });
  rules.push({
    topic: 'Live gold',
    text: q?.goldSuspension
      ? `A tutor's certification in a domain is suspended when the 95 % lower bound of their accuracy on the last ${q.goldSuspension.window} gold checks falls below ${pct(q.goldSuspension.threshold)} (after at least ${q.goldSuspension.minGold}).`
      : 'Certifications are not suspended by gold accuracy.',
  });
  rules.push({
    topic: 'Reliability',
    text: `${q?.reliabilityFloor !== undefined ? `Tutors whose reliability in a domain is below ${pct(q.reliabilityFloor)} get no new work there. ` : 'No reliability floor. '}Tutors at or above ${pct(q?.trustedReliability ?? 0.85)} get uncertain items first.`,
  });
  const tiers = p.eligibility?.tiers ?? ['generalist', 'specialist'];
  rules.push({
    topic: 'Who',
    text: `Open to ${tiers.join(' and ')} tutors${p.eligibility?.requireCertification ? ', certified in the task’s domain only' : ''}.`,
  });
  rules.push({ topic: 'Lease', text: `A tutor holds a task for ${duration((p.leaseSeconds ?? 1800) * 1000)} before it goes back.` });
  rules.push({ topic: 'Pay', text: `${money(p.payPerTask)} per task for tutors paid per task without a rate of their own.` });
  rules.push({ topic: 'Rationale', text: p.requireRationale ? 'Tutors must explain each answer.' : 'A rationale is optional.' });
  return rules;
}

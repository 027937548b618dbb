/**
 * What a project's settings mean, in sentences: the one statement of the rules in force, read by the
 * project page and the settings page alike (so neither can say "Overlap 3" for a project that runs
 * adaptive overlap 2–5). Built from the stored project only.
 */
import type { Project } from '../../api/types.js';
import { duration, money } from '../../lib/format.js';
import { managerSettingsStrings } from '../../strings/managerSettings.js';

const S = managerSettingsStrings.rules;
const METHOD_NAMES = managerSettingsStrings.methods;

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
    rules.push({ topic: S.purpose, text: S.questionBank(p.purpose) });
  }
  rules.push({
    topic: S.judgments,
    text: q?.adaptiveOverlap
      ? S.adaptive({
          min: q.adaptiveOverlap.minJudgments,
          max: q.adaptiveOverlap.maxJudgments,
          target: pct(q.adaptiveOverlap.targetConfidence),
          overlap: p.overlap,
        })
      : S.fixed(p.overlap),
  });
  rules.push({
    topic: S.consensus,
    text: S.formedBy(
      METHOD_NAMES[q?.consensusMethod ?? 'hds'] ?? q?.consensusMethod,
      Boolean(q?.liveConsensus || q?.adaptiveOverlap || q?.reviewBelowConfidence !== undefined || q?.reliabilityFloor !== undefined),
    ),
  });
  rules.push({
    topic: S.review,
    text: q?.reviewBelowConfidence !== undefined ? S.reviewBelow(pct(q.reviewBelowConfidence)) : S.noReview,
  });
  rules.push({
    topic: S.gold,
    text: p.goldRate > 0 ? S.goldRate(pct(p.goldRate)) : S.noGold,
  });
  rules.push({
    topic: S.liveGold,
    text: q?.goldSuspension
      ? S.suspension({
          window: q.goldSuspension.window,
          threshold: pct(q.goldSuspension.threshold),
          minGold: q.goldSuspension.minGold,
        })
      : S.noSuspension,
  });
  rules.push({
    topic: S.reliability,
    text:
      (q?.reliabilityFloor !== undefined ? S.floor(pct(q.reliabilityFloor)) : S.noFloor) + S.trusted(pct(q?.trustedReliability ?? 0.85)),
  });
  const tiers = p.eligibility?.tiers ?? ['generalist', 'specialist'];
  rules.push({
    topic: S.who,
    text: S.openTo(tiers, Boolean(p.eligibility?.requireCertification)),
  });
  rules.push({ topic: S.lease, text: S.leaseFor(duration((p.leaseSeconds ?? 1800) * 1000)) });
  rules.push({ topic: S.pay, text: S.payPerTask(money(p.payPerTask)) });
  rules.push({ topic: S.rationale, text: p.requireRationale ? S.rationaleRequired : S.rationaleOptional });
  return rules;
}

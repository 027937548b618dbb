/**
 * Gold (honeypot) mixing. Each `next` draws gold with probability `goldRate`. The draw is an HMAC of
 * (project, tutor, moment) under the database secret: reproducible under an injected clock, yet a
 * tutor cannot predict which of their tasks are gold (a fixed "every 10th" pattern would leak it).
 *
 * Gold tasks are exempt from the overlap k (every tutor should meet them; a tutor never meets the
 * same one twice, which the assignments' unique (task, user) key enforces) and never exported.
 */
import { createHmac } from 'node:crypto';
import { AVAILABLE_CAP } from '../domain/projects.js';

export { AVAILABLE_CAP };

/** A uniform number in [0, 1) derived from the key and the parts. */
export function keyedUniform(secret: string, ...parts: (string | number)[]): number {
  const digest = createHmac('sha256', secret).update(parts.join('\u0000')).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/** Whether this `next` serves gold, with probability `goldChance` (workPlan). */
export function drawGold(secret: string, goldChance: number, projectId: number, userId: number, now: number): boolean {
  if (goldChance <= 0) return false;
  if (goldChance >= 1) return true;
  return keyedUniform(secret, 'gold', projectId, userId, now) < goldChance;
}

/** What is left for one tutor in one project, as the store counts it. */
export interface WorkLeft {
  /** Open real tasks in the tutor's domains they were never assigned, counted up to AVAILABLE_CAP + 1. */
  realLeft: number;
  /** Open gold tasks in the tutor's domains they were never assigned. */
  goldUnmet: number;
  /** Real and gold tasks ever assigned to the tutor in the project; only read when realLeft <= AVAILABLE_CAP. */
  served?: { real: number; gold: number };
}

export interface WorkPlan {
  /** The tutor's readable count: the real work left plus the gold still meant for them, capped. */
  available: number;
  /** The probability that this `next` serves gold. */
  goldChance: number;
  /** Whether a real draw may fall back to gold (a race took the last real task: gold is part of the count). */
  goldInCount: boolean;
}

/**
 * The tutor's count and the gold draw, built so no readable number tells gold from real work
 * (#12 item 1). The count is `realLeft + quota`, where `quota` is the gold still meant for this tutor:
 * enough to keep their gold share at `goldRate` over all the real work they could do
 * (`served.real + realLeft`, which a real lease leaves unchanged), less the gold already served (which
 * a gold lease raises by one). So every lease, gold or real, lowers the count by exactly one. Below the
 * cap each `next` draws gold with probability quota / count: the remaining leases are a uniformly
 * shuffled mix, so neither a lease's position nor the end of the work says which was gold; at 0 `next`
 * serves nothing at all. Above the cap the count is pinned and gold is drawn at `goldRate`.
 */
export function workPlan(goldRate: number, left: WorkLeft): WorkPlan {
  if (goldRate <= 0 || left.goldUnmet === 0) {
    return { available: Math.min(AVAILABLE_CAP, left.realLeft), goldChance: 0, goldInCount: false };
  }
  if (left.realLeft > AVAILABLE_CAP || !left.served) {
    return { available: AVAILABLE_CAP, goldChance: goldRate, goldInCount: false };
  }
  const quota = goldQuota(goldRate, left.goldUnmet, left.served, left.realLeft);
  const count = left.realLeft + quota;
  // At rate 1 everything served is gold while any is left: there is nothing real to tell it from.
  const goldChance = count === 0 ? 0 : goldRate >= 1 ? Math.sign(quota) : quota / count;
  return { available: Math.min(AVAILABLE_CAP, count), goldChance, goldInCount: quota > 0 };
}

/** Gold still meant for a tutor: at most what they have not met, and what keeps their share at `goldRate`. */
export function goldQuota(goldRate: number, goldUnmet: number, served: { real: number; gold: number }, realLeft: number): number {
  if (goldRate >= 1) return goldUnmet;
  const share = Math.round((goldRate / (1 - goldRate)) * (served.real + realLeft));
  return Math.min(goldUnmet, Math.max(0, share - served.gold));
}

/**
 * Which pools (is_gold values) to try, in order. A gold draw falls back to real work (the gold was
 * taken by a race or retired); a real draw falls back to gold only when gold is part of the tutor's
 * count, so `next` never answers 204 while the count says work is left, nor serves gold once it is 0.
 */
export function poolOrder(wantGold: boolean, goldInCount = false): (0 | 1)[] {
  if (wantGold) return [1, 0];
  return goldInCount ? [0, 1] : [0];
}

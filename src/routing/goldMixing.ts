/**
 * Gold (honeypot) mixing. Each `next` draws gold with probability `goldRate`. The draw is an HMAC of
 * (project, tutor, moment) under the database secret: reproducible under an injected clock, yet a
 * tutor cannot predict which of their tasks are gold (a fixed "every 10th" pattern would leak it).
 *
 * Gold tasks are exempt from the overlap k (every tutor should meet them; a tutor never meets the
 * same one twice, which the assignments' unique (task, user) key enforces) and never exported.
 */
import { createHmac } from 'node:crypto';

/** A uniform number in [0, 1) derived from the key and the parts. */
export function keyedUniform(secret: string, ...parts: (string | number)[]): number {
  const digest = createHmac('sha256', secret).update(parts.join('\u0000')).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function drawGold(secret: string, goldRate: number, projectId: number, userId: number, now: number): boolean {
  if (goldRate <= 0) return false;
  if (goldRate >= 1) return true;
  return keyedUniform(secret, 'gold', projectId, userId, now) < goldRate;
}

/**
 * Which pools (is_gold values) to try, in order. A gold draw falls back to real work when the tutor has
 * met every gold task; a real draw never falls back to gold: gold alone, with no real work left, would
 * only cost pay and tell the tutor that whatever they now receive is a honeypot.
 */
export function poolOrder(wantGold: boolean): (0 | 1)[] {
  return wantGold ? [1, 0] : [0];
}

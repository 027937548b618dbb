/**
 * Live gold keeps certifications honest. Rule: take the tutor's most recent `window` gold results in
 * the domain (across projects) since their active certification was granted; when there are at
 * least `minGold` and the Wilson 95 % lower bound of their accuracy is below `threshold`, the
 * certification is suspended (revoked with the reason), the tutor is told why, and the system's
 * action is audited (actor null). Counting only results since the grant matters: a tutor who
 * re-certifies by exam starts with a clean window instead of being suspended again by the old one.
 */
import type { GoldSuspension } from '../../domain/quality.js';
import { wilsonInterval } from '../../quality/gold.js';
import { latestActiveGrantAt, revokeActiveCertifications } from '../../store/repositories/certifications.js';
import { recentGoldResults } from '../../store/repositories/goldResults.js';
import { notify } from '../../store/repositories/notifications.js';
import type { Db } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';

export interface Suspension {
  domain: string;
  reason: string;
}

export function suspensionReason(domain: string, correct: number, total: number, lower: number, threshold: number): string {
  return `suspended: gold accuracy ${correct}/${total} in ${domain} (95% lower bound ${lower.toFixed(2)} < ${threshold.toFixed(2)}) over the last ${total} gold items`;
}

/** Apply the rule for one tutor × domain; call inside a write transaction. Returns the suspension, if one happened. */
export async function suspendOnGold(db: Db, userId: number, domain: string, policy: GoldSuspension, projectId: number, at: number): Promise<Suspension | null> {
  const since = await latestActiveGrantAt(db, userId, domain);
  if (since === null) return null;
  const recent = await recentGoldResults(db, userId, domain, since, policy.window);
  if (recent.length < policy.minGold) return null;
  const correct = recent.filter((c) => c === 1).length;
  const { lower } = wilsonInterval(correct, recent.length);
  if (lower >= policy.threshold) return null;

  const reason = suspensionReason(domain, correct, recent.length, lower, policy.threshold);
  await revokeActiveCertifications(db, userId, domain, at, reason);
  const detail = { domain, correct, total: recent.length, lower, threshold: policy.threshold, minGold: policy.minGold, window: policy.window, projectId };
  await notify(db, {
    userId,
    kind: 'certification.suspended',
    message: `Your ${domain} certification is ${reason}. Pass the ${domain} exam again to re-certify.`,
    detail: { ...detail, reason },
    at,
  });
  await recordAudit(db, { actorId: null, action: 'certification.suspend', targetType: 'user', targetId: userId, detail: { ...detail, reason }, at });
  return { domain, reason };
}

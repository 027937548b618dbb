/**
 * Live gold keeps certifications honest. Rule: take the tutor's most recent `window` gold results in
 * the domain (across projects) since their active certification was granted, among those released
 * to them (goldRelease.ts: a suspension right after a gold submit would name that task as gold); when there are at
 * least `minGold` and the Wilson 95 % lower bound of their accuracy is below `threshold`, the
 * certification is suspended (revoked with the reason), the tutor is told why, and the system's
 * action is audited (actor null). Counting only results since the grant matters: a tutor who
 * re-certifies by exam starts with a clean window instead of being suspended again by the old one.
 */
import type { GoldSuspension } from '../../domain/quality.js';
import { wilsonInterval } from '../../quality/gold.js';
import { latestActiveGrantAt, revokeActiveCertifications } from '../../store/repositories/certifications.js';
import type { GoldResultRow } from '../../store/repositories/goldResults.js';
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

export interface SuspensionCheck {
  correct: number;
  total: number;
  lower: number;
}

/**
 * Whether the rule suspends this tutor in this domain now, judged on the gold results released to
 * them (goldRelease.ts) since their active certification was granted; null when it does not.
 */
export async function suspensionDue(
  db: Db,
  userId: number,
  domain: string,
  policy: GoldSuspension,
  released: readonly GoldResultRow[],
): Promise<SuspensionCheck | null> {
  const since = await latestActiveGrantAt(db, userId, domain);
  if (since === null) return null;
  const recent = released.filter((r) => r.domain === domain && r.createdAt >= since).slice(-policy.window);
  if (recent.length < policy.minGold) return null;
  const correct = recent.filter((r) => r.correct === 1).length;
  const { lower } = wilsonInterval(correct, recent.length);
  return lower < policy.threshold ? { correct, total: recent.length, lower } : null;
}

/** Apply the rule for one tutor × domain; call inside a write transaction. Returns the suspension, if one happened. */
export async function suspendOnGold(
  db: Db,
  userId: number,
  domain: string,
  policy: GoldSuspension,
  projectId: number,
  at: number,
  released: readonly GoldResultRow[],
): Promise<Suspension | null> {
  const due = await suspensionDue(db, userId, domain, policy, released);
  if (!due) return null;
  const { correct, total, lower } = due;
  const reason = suspensionReason(domain, correct, total, lower, policy.threshold);
  await revokeActiveCertifications(db, userId, domain, at, reason);
  const detail = { domain, correct, total, lower, threshold: policy.threshold, minGold: policy.minGold, window: policy.window, projectId };
  await notify(db, {
    userId,
    kind: 'certification.suspended',
    message: `Your ${domain} certification is ${reason}. Pass the ${domain} exam again to re-certify.`,
    detail: { ...detail, reason },
    at,
  });
  await recordAudit(db, {
    actorId: null,
    action: 'certification.suspend',
    targetType: 'user',
    targetId: userId,
    detail: { ...detail, reason },
    at,
  });
  return { domain, reason };
}

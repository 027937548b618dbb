/** Revoke a user's active certification(s) in a domain; the rows stay, marked revoked. Audited. */
import { DomainName } from '../../domain/tasks.js';
import { NotFoundError, UserInputError } from '../../domain/errors.js';
import { revokeActiveCertifications } from '../../store/repositories/certifications.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';

export async function revokeCertification(
  ctx: ServiceContext,
  actor: Actor,
  userId: number,
  domain: string,
  reason?: string,
): Promise<void> {
  if (!DomainName.safeParse(domain).success) throw new UserInputError('not a domain name', { field: 'domain' });
  const at = ctx.now();
  await writeTransaction(ctx.store, async (db) => {
    const revoked = await revokeActiveCertifications(db, userId, domain, at, reason ?? null);
    if (revoked === 0) throw new NotFoundError(`active certification in "${domain}" for user ${userId}`);
    await recordAudit(db, {
      actorId: actor.id,
      action: 'certification.revoke',
      targetType: 'user',
      targetId: userId,
      detail: { domain, reason: reason ?? null },
      at,
    });
  });
}

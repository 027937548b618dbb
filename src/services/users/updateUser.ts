/**
 * An admin changes a user: audited in the same transaction; disabling ends the user's sessions
 * at once; an admin cannot disable themselves or give up their own admin role.
 */
import { z } from 'zod';
import type { Actor, ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { DomainName } from '../../domain/tasks.js';
import { PayModel, Role, Tier } from '../../domain/users.js';
import { validateInput } from '../../domain/validation.js';
import { recordAudit } from '../audit.js';
import { invalidateTokenCache } from '../../store/repositories/authEpoch.js';
import { writeTransaction } from '../../store/transaction.js';
import { findUserById, updateUserRow, type UserRecord } from '../../store/repositories/users.js';
import { deleteSessionsOfUser } from '../../store/repositories/sessions.js';
import { revokeTokensOfUser } from '../../store/repositories/tokens.js';

/** What an admin may change on a user (docs/api.md `PATCH /api/users/:id`). */
export const UserPatch = z
  .object({
    name: z.string().min(1).max(200),
    role: Role,
    tier: Tier,
    domains: z.array(DomainName),
    payModel: PayModel,
    payRate: z.number().int().min(0),
    disabled: z.boolean(),
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof UserPatch>;

export async function updateUser(ctx: ServiceContext, actor: Actor, id: number, patch: UserPatch): Promise<UserRecord> {
  const p = validateInput(UserPatch, patch);
  // An admin locking themselves out would leave nobody able to undo it.
  if (id === actor.id && (p.disabled === true || (p.role !== undefined && p.role !== 'admin' && actor.role === 'admin'))) {
    throw new ConflictError('you cannot disable yourself or give up your own admin role');
  }
  const updated = await writeTransaction(ctx.store, async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw new NotFoundError(`user ${id}`);
    const user = await updateUserRow(trx, id, p);
    if (!user) throw new NotFoundError(`user ${id}`);
    // A disabled user's open sessions end now, not at their expiry, and their API tokens for good:
    // enabling them again must not bring back a token that may have leaked meanwhile.
    const tokensRevoked = p.disabled === true ? await revokeTokensOfUser(trx, id, ctx.now()) : 0;
    if (p.disabled === true) await deleteSessionsOfUser(trx, id);
    const detail = tokensRevoked > 0 ? { changes: p, tokensRevoked } : { changes: p };
    await recordAudit(trx, { actorId: actor.id, action: 'user.update', targetType: 'user', targetId: id, detail, at: ctx.now() });
    return user;
  });
  // Again after the commit: a request that read the user while the transaction was open may have cached it.
  invalidateTokenCache();
  return updated;
}

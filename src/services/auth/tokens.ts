/** Personal API tokens: created by their owner, shown once, stored as a SHA-256 digest, revocable by the owner. */
import type { Actor, ServiceContext } from '../context.js';
import { NotFoundError } from '../../domain/errors.js';
import { insertToken, listTokensOf, revokeToken, type TokenRecord } from '../../store/repositories/tokens.js';
import { recordAudit } from '../audit.js';
import { writeTransaction } from '../../store/transaction.js';
import { invalidateTokenCache } from '../../store/repositories/authEpoch.js';
import { atLeast } from '../../domain/users.js';
import { digest, newSecret } from './secrets.js';

/**
 * Tokens start with `tl_` so they are recognisable in a leaked-secret scan. `issuedBy` is whoever made
 * the token for `actor` (the CLI's admin): an admin action, audited whatever the owner's role.
 */
export async function createApiToken(
  ctx: ServiceContext,
  actor: Actor,
  name: string,
  issuedBy?: Actor,
): Promise<{ record: TokenRecord; token: string }> {
  const token = newSecret('tl_');
  const record = await writeTransaction(ctx.store, async (trx) => {
    const rec = await insertToken(trx, { userId: actor.id, name, tokenHash: digest(token), createdAt: ctx.now() });
    if (issuedBy || atLeast(actor.role, 'manager')) {
      await recordAudit(trx, {
        actorId: (issuedBy ?? actor).id,
        action: 'token.create',
        targetType: 'api_token',
        targetId: rec.id,
        detail: issuedBy ? { name, userId: actor.id } : { name },
        at: ctx.now(),
      });
    }
    return rec;
  });
  return { record, token };
}

export function listApiTokens(ctx: ServiceContext, actor: Actor): Promise<TokenRecord[]> {
  return listTokensOf(ctx.store.db, actor.id);
}

/** Someone else's token id answers 404, as if it did not exist. */
export async function revokeApiToken(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  await writeTransaction(ctx.store, async (trx) => {
    const done = await revokeToken(trx, id, actor.id, ctx.now());
    if (!done) throw new NotFoundError(`token ${id}`);
    if (atLeast(actor.role, 'manager')) {
      await recordAudit(trx, { actorId: actor.id, action: 'token.revoke', targetType: 'api_token', targetId: id, at: ctx.now() });
    }
  });
  // Again after the commit: a request that read the token while the transaction was open may have cached it.
  invalidateTokenCache();
}

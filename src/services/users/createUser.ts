/**
 * Create a user, audited in the same transaction. A null actor is the bootstrap path
 * (`tutorloop init`, the demo seed), recorded as an audit event without an actor.
 */
import type { Actor, ServiceContext } from '../context.js';
import { ConflictError } from '../../domain/errors.js';
import { UserInput } from '../../domain/users.js';
import { validateInput } from '../../domain/validation.js';
import { recordAudit } from '../audit.js';
import { writeTransaction } from '../../store/transaction.js';
import { hashPassword } from '../auth/passwords.js';
import { emailTaken, insertUser, type UserRecord } from '../../store/repositories/users.js';

export async function createUser(ctx: ServiceContext, actor: Actor | null, input: UserInput): Promise<UserRecord> {
  const u = validateInput(UserInput, input);
  const passwordHash = await hashPassword(u.password);
  return writeTransaction(ctx.store, async (trx) => {
    if (await emailTaken(trx, u.email)) throw new ConflictError(`a user with email ${u.email} already exists`);
    const now = ctx.now();
    const user = await insertUser(trx, {
      email: u.email,
      name: u.name,
      role: u.role,
      tier: u.tier,
      domains: u.domains,
      payModel: u.payModel,
      payRate: u.payRate,
      passwordHash,
      createdAt: now,
    });
    await recordAudit(trx, {
      actorId: actor?.id ?? null,
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      detail: { email: user.email, role: user.role, tier: user.tier, domains: user.domains },
      at: now,
    });
    return user;
  });
}

/**
 * An admin sets a new password for a user who lost theirs: checked against the password policy,
 * audited (never the password), and the user's open sessions end, so whoever held the old
 * password is signed out. API tokens are left alone: they are separate credentials the user revokes.
 */
import { PasswordReset } from '../../domain/api/users.js';
import { NotFoundError } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { invalidateTokenCache } from '../../store/repositories/authEpoch.js';
import { deleteSessionsOfUser } from '../../store/repositories/sessions.js';
import { findUserById, updateUserRow } from '../../store/repositories/users.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import type { Actor, ServiceContext } from '../context.js';

export async function resetPassword(ctx: ServiceContext, actor: Actor, id: number, input: PasswordReset): Promise<void> {
  const { password } = validateInput(PasswordReset, input);
  const passwordHash = await hashPassword(password);
  await writeTransaction(ctx.store, async (trx) => {
    if (!(await findUserById(trx, id))) throw new NotFoundError(`user ${id}`);
    await updateUserRow(trx, id, { passwordHash });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, { actorId: actor.id, action: 'user.password_reset', targetType: 'user', targetId: id, at: ctx.now() });
  });
  invalidateTokenCache();
}

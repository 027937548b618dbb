/** One user by id, or a NotFoundError. */
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../../domain/errors.js';
import { findUserById, type UserRecord } from '../../store/repositories/users.js';

export async function getUser(ctx: ServiceContext, id: number): Promise<UserRecord> {
  const u = await findUserById(ctx.store.db, id);
  if (!u) throw new NotFoundError(`user ${id}`);
  return u;
}

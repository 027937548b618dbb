/**
 * Sign-in, sign-out and resolving who is behind a cookie or a bearer token. All state is in the
 * database, so app servers stay stateless and several can share one PostgreSQL.
 */
import type { ServiceContext } from '../context.js';
import { findUserForLogin, type UserRecord } from '../../store/repositories/users.js';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../store/repositories/sessions.js';
import { touchToken } from '../../store/repositories/tokens.js';
import { sessionUser, tokenUser } from '../../store/repositories/authLookup.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { digest, newSecret } from './secrets.js';
import { ForbiddenError } from '../../domain/errors.js';
import { passwordSignInAllowed } from '../sso/config.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** API token last-used times are written at most this often, so a busy script does not write on every request. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export interface SignedIn {
  user: UserRecord;
  /** The cookie value; only its digest is stored. */
  token: string;
  expiresAt: number;
}

/** Checks the password and opens a session, or returns null (wrong email and wrong password look the same). */
/**
 * Check the password and open a session. `replacing` is the session this browser already had: it ends
 * here, so a cookie planted before sign-in is worth nothing after it (session fixation).
 */
export async function signIn(ctx: ServiceContext, email: string, password: string, replacing?: string): Promise<SignedIn | null> {
  if (!(await passwordSignInAllowed(ctx))) throw new ForbiddenError('password sign-in is off here: sign in with single sign-on');
  const found = await findUserForLogin(ctx.store.db, email.trim());
  const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
  if (!found || !ok || found.user.disabled) return null;
  const now = ctx.now();
  const token = newSecret();
  const expiresAt = now + SESSION_TTL_MS;
  await insertSession(ctx.store.db, { tokenHash: digest(token), userId: found.user.id, createdAt: now, expiresAt });
  // Opportunistic cleanup keeps the table small without a background job.
  if (Math.random() < 0.05) await deleteExpiredSessions(ctx.store.db, now);
  if (replacing) await signOut(ctx, replacing);
  return { user: found.user, token, expiresAt };
}

export async function signOut(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.store.db, digest(token));
}

export async function userForSession(ctx: ServiceContext, token: string): Promise<UserRecord | null> {
  const user = await sessionUser(ctx.store, digest(token), ctx.now());
  return user && !user.disabled ? user : null;
}

export async function userForApiToken(ctx: ServiceContext, token: string): Promise<UserRecord | null> {
  const found = await tokenUser(ctx.store, digest(token));
  if (!found || found.user.disabled) return null;
  const now = ctx.now();
  if (found.lastUsedAt === null || now - found.lastUsedAt > TOKEN_TOUCH_INTERVAL_MS) {
    await touchToken(ctx.store.db, found.tokenId, now);
    found.lastUsedAt = now; // the cached lookup too, so the next requests do not touch again
  }
  return found.user;
}

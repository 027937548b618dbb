/**
 * People: creating, changing and listing users. Every change by an admin is audited in the same
 * transaction; `createUser` with a null actor is the bootstrap path (`tutorloop init`, the demo seed).
 */
import { z } from 'zod';
import type { Actor, ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { describeIssues } from '../../domain/responses.js';
import { DomainName } from '../../domain/tasks.js';
import { PayModel, Role, Tier, UserInput } from '../../domain/users.js';
import { recordAudit } from '../audit.js';
import { invalidateTokenCache } from '../../store/repositories/authEpoch.js';
import { writeTransaction } from '../../store/transaction.js';
import { hashPassword } from '../auth/passwords.js';
import {
  activeCertificationsOf,
  annotationDurationsByUser,
  emailTaken,
  findUserById,
  insertUser,
  listUserRows,
  updateUserRow,
  type ActiveCertification,
  type UserRecord,
} from '../../store/repositories/users.js';
import { deleteSessionsOfUser } from '../../store/repositories/sessions.js';
import { revokeTokensOfUser } from '../../store/repositories/tokens.js';

export type { UserRecord } from '../../store/repositories/users.js';

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

/** The user as the API shows it: never the password hash. */
export type UserView = Omit<UserRecord, 'createdAt'>;

export function userView(u: UserRecord): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, tier: u.tier, domains: u.domains, payModel: u.payModel, payRate: u.payRate, disabled: u.disabled };
}

export function actorOf(u: UserRecord): Actor {
  return { id: u.id, role: u.role, tier: u.tier, domains: u.domains };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const problems = describeIssues(r.error);
    throw new UserInputError(problems[0].message, { field: problems[0].field }, problems);
  }
  return r.data;
}

export async function createUser(ctx: ServiceContext, actor: Actor | null, input: UserInput): Promise<UserRecord> {
  const u = parse(UserInput, input);
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

export async function updateUser(ctx: ServiceContext, actor: Actor, id: number, patch: UserPatch): Promise<UserRecord> {
  const p = parse(UserPatch, patch);
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

export async function getUser(ctx: ServiceContext, id: number): Promise<UserRecord> {
  const u = await findUserById(ctx.store.db, id);
  if (!u) throw new NotFoundError(`user ${id}`);
  return u;
}

export interface CertificationView {
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  grantedAt: string;
}

function certView(c: ActiveCertification): CertificationView {
  return { domain: c.domain, level: c.level, source: c.source, grantedAt: new Date(c.grantedAt).toISOString() };
}

export async function activeCertifications(ctx: ServiceContext, userId: number): Promise<CertificationView[]> {
  return (await activeCertificationsOf(ctx.store.db, [userId])).map(certView);
}

export interface UserListEntry extends UserView {
  certifications: CertificationView[];
  stats: { judgments: number; medianDurationMs: number | null };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

export async function listUsers(ctx: ServiceContext): Promise<UserListEntry[]> {
  const [users, certs, durations] = await Promise.all([
    listUserRows(ctx.store.db),
    activeCertificationsOf(ctx.store.db, 'all'),
    annotationDurationsByUser(ctx.store.db),
  ]);
  return users.map((u) => {
    const d = durations.get(u.id) ?? [];
    return {
      ...userView(u),
      certifications: certs.filter((c) => c.userId === u.id).map(certView),
      stats: { judgments: d.length, medianDurationMs: median(d) },
    };
  });
}

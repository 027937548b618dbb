/**
 * Users: the only SQL about people. Rows come out as `UserRecord` (domains parsed, disabled a boolean)
 * so nothing above the store sees JSON text or 0/1 integers.
 */
import type { Kysely, Transaction } from 'kysely';
import { invalidateTokenCache } from './authEpoch.js';
import type { Database, UserRow } from '../schema.js';
import type { PayModel, Role, Tier, UserRecord } from '../../domain/users.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { UserRecord };

export function toUserRecord(r: UserRow): UserRecord {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    tier: r.tier,
    domains: JSON.parse(r.domains) as string[],
    payModel: r.pay_model,
    payRate: r.pay_rate,
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
  };
}

export type NewUser = Omit<UserRecord, 'id' | 'disabled'> & { passwordHash: string };

export async function insertUser(db: Db, u: NewUser): Promise<UserRecord> {
  const row = await db
    .insertInto('users')
    .values({
      email: u.email,
      name: u.name,
      role: u.role,
      tier: u.tier,
      domains: JSON.stringify(u.domains),
      pay_model: u.payModel,
      pay_rate: u.payRate,
      password_hash: u.passwordHash,
      created_at: u.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserRecord(row);
}

export async function findUserById(db: Db, id: number): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUserRecord(row) : undefined;
}

export async function userExists(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The user and their password hash, for sign-in only. */
export async function findUserForLogin(db: Db, email: string): Promise<{ user: UserRecord; passwordHash: string } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row ? { user: toUserRecord(row), passwordHash: row.password_hash } : undefined;
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  tier?: Tier;
  domains?: string[];
  payModel?: PayModel;
  payRate?: number;
  disabled?: boolean;
  passwordHash?: string;
}

export async function updateUserRow(db: Db, id: number, p: UserPatch): Promise<UserRecord | undefined> {
  const values: Record<string, unknown> = {};
  if (p.name !== undefined) values.name = p.name;
  if (p.role !== undefined) values.role = p.role;
  if (p.tier !== undefined) values.tier = p.tier;
  if (p.domains !== undefined) values.domains = JSON.stringify(p.domains);
  if (p.payModel !== undefined) values.pay_model = p.payModel;
  if (p.payRate !== undefined) values.pay_rate = p.payRate;
  if (p.disabled !== undefined) values.disabled = p.disabled ? 1 : 0;
  if (p.passwordHash !== undefined) values.password_hash = p.passwordHash;
  if (Object.keys(values).length > 0) {
    invalidateTokenCache();
    await db.updateTable('users').set(values).where('id', '=', id).execute();
  }
  return findUserById(db, id);
}

export async function listUserRows(db: Db): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('id').execute();
  return rows.map(toUserRecord);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ActiveCertification {
  userId: number;
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  grantedAt: number;
}

/** Live (unrevoked) certifications of many users at once, for the user list and /api/me. */
export async function activeCertificationsOf(db: Db, userIds: number[] | 'all'): Promise<ActiveCertification[]> {
  let q = db.selectFrom('certifications').select(['user_id', 'domain', 'level', 'source', 'granted_at']).where('revoked_at', 'is', null);
  if (userIds !== 'all') {
    if (userIds.length === 0) return [];
    q = q.where('user_id', 'in', userIds);
  }
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ userId: r.user_id, domain: r.domain, level: r.level, source: r.source, grantedAt: r.granted_at }));
}

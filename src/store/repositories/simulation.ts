/**
 * Setup for the workforce simulator's own throwaway database (never a real one): people inserted as
 * rows in bulk, without passwords (the hash is a marker no password verifies against, because
 * hashing hundreds of passwords would dominate a run and simulated tutors never sign in), and
 * their certifications granted without audit rows.
 */
import type { PayModel, Role, Tier } from '../../domain/users.js';
import type { Db } from '../transaction.js';

/** Rows per INSERT: well inside SQLite's bound-parameter limit. */
const CHUNK = 200;
const NO_PASSWORD = '!simulated';

export interface SimulatedPerson {
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  domains: readonly string[];
  payModel: PayModel;
  /** Cents per task or per hour, by payModel. */
  payRate: number;
}

/** Inserts the people in order; returns their ids in the same order. */
export async function insertSimulatedPeople(db: Db, people: readonly SimulatedPerson[], at: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < people.length; i += CHUNK) {
    const rows = people.slice(i, i + CHUNK).map((p) => ({
      email: p.email,
      name: p.name,
      role: p.role,
      tier: p.tier,
      domains: JSON.stringify(p.domains),
      pay_model: p.payModel,
      pay_rate: p.payRate,
      password_hash: NO_PASSWORD,
      created_at: at,
    }));
    const inserted = await db.insertInto('users').values(rows).returning('id').execute();
    for (const r of inserted) ids.push(r.id);
  }
  return ids;
}

/** Level-1 certifications, `source: granted` by `grantedBy`. */
export async function grantSimulatedCertifications(
  db: Db,
  grants: readonly { userId: number; domain: string }[],
  grantedBy: number,
  at: number,
): Promise<void> {
  const rows = grants.map((g) => ({
    user_id: g.userId,
    domain: g.domain,
    level: 1,
    source: 'granted' as const,
    exam_id: null,
    score: null,
    granted_by: grantedBy,
    granted_at: at,
  }));
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('certifications')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

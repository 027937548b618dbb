/** Certifications: user × domain, granted or earned by exam, revocable. Rows are never deleted. */
import type { CertificationRow } from '../schema.js';
import type { Db } from '../transaction.js';

export interface NewCertification {
  userId: number;
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  examId: string | null;
  score: number | null;
  grantedBy: number | null;
  grantedAt: number;
}

export async function insertCertification(db: Db, c: NewCertification): Promise<CertificationRow> {
  return db
    .insertInto('certifications')
    .values({
      user_id: c.userId,
      domain: c.domain,
      level: c.level,
      source: c.source,
      exam_id: c.examId,
      score: c.score,
      granted_by: c.grantedBy,
      granted_at: c.grantedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Revoke every active certification of the user in the domain; returns how many were revoked. */
export async function revokeActiveCertifications(
  db: Db,
  userId: number,
  domain: string,
  at: number,
  reason: string | null,
): Promise<number> {
  const rows = await db
    .updateTable('certifications')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

export async function certificationsOf(db: Db, userId: number): Promise<CertificationRow[]> {
  return db.selectFrom('certifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Domains in which the user holds an active (not revoked) certification. */
export async function certifiedDomains(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('certifications')
    .select('domain')
    .distinct()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.domain);
}

/** When the user's newest active certification in the domain was granted (ms), or null when none is active. */
export async function latestActiveGrantAt(db: Db, userId: number, domain: string): Promise<number | null> {
  const row = await db
    .selectFrom('certifications')
    .select(db.fn.max('granted_at').as('since'))
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.since == null ? null : Number(row.since);
}

export interface CertificationChange {
  domain: string;
  source: 'granted' | 'exam';
  grantedAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
}

/** Certifications granted or revoked at or after `since` (ms): the raw events behind the dashboard chart. */
export async function certificationChangesSince(db: Db, since: number): Promise<CertificationChange[]> {
  const rows = await db
    .selectFrom('certifications')
    .select(['domain', 'source', 'granted_at', 'revoked_at', 'revoked_reason'])
    .where((eb) => eb.or([eb('granted_at', '>=', since), eb('revoked_at', '>=', since)]))
    .execute();
  return rows.map((r) => ({
    domain: r.domain,
    source: r.source,
    grantedAt: Number(r.granted_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedReason: r.revoked_reason,
  }));
}

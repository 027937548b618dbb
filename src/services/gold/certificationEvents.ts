/**
 * Certifications granted and ended over time, for the managers' dashboard chart: per UTC day ×
 * domain, grants by source (a manager's grant, an exam) and ends by kind (suspended by live gold,
 * revoked by a manager). Suspensions are told apart by their recorded reason ("suspended: …").
 */
import { UserInputError } from '../../domain/errors.js';
import { certificationChangesSince } from '../../store/repositories/certifications.js';
import type { ServiceContext } from '../context.js';
import type { CertificationDay, CertificationEvents } from '../../domain/api/exams.js';

const DAY = 86_400_000;

export async function certificationEvents(ctx: ServiceContext, days = 90): Promise<CertificationEvents> {
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw new UserInputError('must be a whole number of days from 1 to 3660', { field: 'days' });
  const since = Math.floor(ctx.now() / DAY) * DAY - (days - 1) * DAY;
  const changes = await certificationChangesSince(ctx.store.db, since);
  const cells = new Map<string, CertificationDay>();
  const cell = (at: number, domain: string) => {
    const day = new Date(Math.floor(at / DAY) * DAY).toISOString().slice(0, 10);
    const key = `${day}\u0000${domain}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { day, domain, grantedByManager: 0, grantedByExam: 0, suspended: 0, revoked: 0 }));
    return c;
  };
  for (const c of changes) {
    if (c.grantedAt >= since) cell(c.grantedAt, c.domain)[c.source === 'exam' ? 'grantedByExam' : 'grantedByManager']++;
    if (c.revokedAt !== null && c.revokedAt >= since)
      cell(c.revokedAt, c.domain)[c.revokedReason?.startsWith('suspended:') ? 'suspended' : 'revoked']++;
  }
  const out = [...cells.values()].sort((a, b) => (a.day === b.day ? a.domain.localeCompare(b.domain) : a.day.localeCompare(b.day)));
  return { since: new Date(since).toISOString(), days: out };
}

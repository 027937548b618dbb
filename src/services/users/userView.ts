/** How a user is shown (never the password hash) and acted as. */
import type { Actor } from '../context.js';
import type { ActiveCertification, UserRecord } from '../../store/repositories/users.js';

export type { UserRecord } from '../../store/repositories/users.js';

/** The user as the API shows it: never the password hash. */
export type UserView = Omit<UserRecord, 'createdAt'>;

export function userView(u: UserRecord): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    tier: u.tier,
    domains: u.domains,
    payModel: u.payModel,
    payRate: u.payRate,
    disabled: u.disabled,
  };
}

export function actorOf(u: UserRecord): Actor {
  return { id: u.id, role: u.role, tier: u.tier, domains: u.domains };
}

/** A certification the user holds now (revoked ones are left out, so no revokedAt). */
export interface CertificationView {
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  grantedAt: string;
}

export function activeCertificationView(c: ActiveCertification): CertificationView {
  return { domain: c.domain, level: c.level, source: c.source, grantedAt: new Date(c.grantedAt).toISOString() };
}

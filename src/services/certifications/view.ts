import type { CertificationRow } from '../../store/schema.js';

export type CertificationView = {
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  grantedAt: string;
  revokedAt: string | null;
};

export function certificationView(r: CertificationRow): CertificationView {
  return {
    domain: r.domain,
    level: r.level,
    source: r.source,
    grantedAt: new Date(r.granted_at).toISOString(),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
  };
}

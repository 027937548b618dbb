/** Every user for the admin's list, with their certifications and work stats (three queries, no N+1). */
import type { ServiceContext } from '../context.js';
import { activeCertificationsOf, annotationDurationsByUser, listUserRows } from '../../store/repositories/users.js';
import { activeCertificationView, userView, type CertificationView, type UserView } from './userView.js';

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
      certifications: certs.filter((c) => c.userId === u.id).map(activeCertificationView),
      stats: { judgments: d.length, medianDurationMs: median(d) },
    };
  });
}

/** Every user for the admin's list, with their certifications and work stats (three queries, no N+1). */
import type { ServiceContext } from '../context.js';
import { activeCertificationsOf, listUserRows } from '../../store/repositories/users.js';
import { judgmentsByUser } from '../../store/repositories/judgmentRollups.js';
import { activeCertificationView, userView, type CertificationView, type UserView } from './userView.js';

export interface UserListEntry extends UserView {
  certifications: CertificationView[];
  stats: { judgments: number; medianDurationMs: number | null };
}

export async function listUsers(ctx: ServiceContext): Promise<UserListEntry[]> {
  const [users, certs, durations] = await Promise.all([
    listUserRows(ctx.store.db),
    activeCertificationsOf(ctx.store.db, 'all'),
    judgmentsByUser(ctx.store.db),
  ]);
  return users.map((u) => {
    return {
      ...userView(u),
      certifications: certs.filter((c) => c.userId === u.id).map(activeCertificationView),
      stats: durations.get(u.id) ?? { judgments: 0, medianDurationMs: null },
    };
  });
}

/** The certifications a user holds now (what the session shows them). */
import type { ServiceContext } from '../context.js';
import { activeCertificationsOf } from '../../store/repositories/users.js';
import { activeCertificationView, type CertificationView } from './userView.js';

export async function activeCertifications(ctx: ServiceContext, userId: number): Promise<CertificationView[]> {
  return (await activeCertificationsOf(ctx.store.db, [userId])).map(activeCertificationView);
}

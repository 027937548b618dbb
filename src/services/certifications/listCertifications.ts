/** Every certification of a user, active and revoked, oldest first. */
import { certificationsOf } from '../../store/repositories/certifications.js';
import type { ServiceContext } from '../context.js';
import { certificationView, type CertificationView } from './view.js';

export async function listCertifications(ctx: ServiceContext, userId: number): Promise<CertificationView[]> {
  return (await certificationsOf(ctx.store.db, userId)).map(certificationView);
}

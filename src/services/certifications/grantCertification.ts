/** A manager grants a user a certification in a domain (source `granted`; exams record their own). Audited. */
import { CertificationInput } from '../../domain/users.js';
import { validateInput } from '../../domain/validation.js';
import { NotFoundError } from '../../domain/errors.js';
import { insertCertification } from '../../store/repositories/certifications.js';
import { userExists } from '../../store/repositories/users.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { certificationView, type CertificationView } from './view.js';

export async function grantCertification(ctx: ServiceContext, actor: Actor, userId: number, input: unknown): Promise<CertificationView> {
  const valid = validateInput(CertificationInput, input);
  const c = valid;
  const at = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    if (!(await userExists(db, userId))) throw new NotFoundError(`user ${userId}`);
    const row = await insertCertification(db, {
      userId,
      domain: c.domain,
      level: c.level,
      source: c.source,
      examId: null,
      score: null,
      grantedBy: actor.id,
      grantedAt: at,
    });
    await recordAudit(db, {
      actorId: actor.id,
      action: 'certification.grant',
      targetType: 'user',
      targetId: userId,
      detail: { domain: c.domain, level: c.level, source: c.source },
      at,
    });
    return certificationView(row);
  });
}

/**
 * A manager changes an exam. Any real change bumps `version` (attempts and certifications record
 * the version taken); a patch that changes nothing leaves it alone. Going (or staying) active needs a
 * bank large enough for the question count (in the new domain, when it moves; not while an attempt is
 * open). Audited as `exam.update`.
 */
import { validateInput } from '../../domain/validation.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { examById, openAttemptCount, saveExam, type ExamChange } from '../../store/repositories/exams.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { assertBankHolds, assertNoOtherActive } from './checkBank.js';
import { ExamPatch, type Exam } from '../../domain/api/exams.js';
import { examView } from './examView.js';

export async function updateExam(ctx: ServiceContext, actor: Actor, examId: number, input: unknown): Promise<Exam> {
  const valid = validateInput(ExamPatch, input);
  const patch = valid;
  const at = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    const old = await examById(db, examId);
    if (!old) throw new NotFoundError(`exam ${examId}`);
    const before: Omit<ExamChange, 'version'> = {
      domain: old.domain,
      name: old.name,
      questionCount: old.question_count,
      passMark: old.pass_mark,
      cooldownHours: old.cooldown_hours,
      active: old.active === 1,
    };
    const after: typeof before = {
      domain: patch.domain ?? before.domain,
      name: patch.name ?? before.name,
      questionCount: patch.questionCount ?? before.questionCount,
      passMark: patch.passMark ?? before.passMark,
      cooldownHours: patch.cooldownHours ?? before.cooldownHours,
      active: patch.active ?? before.active,
    };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return examView(old);
    // An open attempt drew its questions from the old domain's bank and would certify in the new one.
    if (after.domain !== before.domain) {
      const open = await openAttemptCount(db, examId);
      if (open > 0)
        throw new ConflictError(
          `${open} attempt${open === 1 ? ' is' : 's are'} still open on this exam; change its domain once they are submitted`,
        );
    }
    if (after.active) {
      await assertBankHolds(db, after.domain, after.questionCount);
      if (!before.active || after.domain !== before.domain) await assertNoOtherActive(db, after.domain, examId);
    }
    const row = await saveExam(db, examId, { ...after, version: old.version + 1 });
    await recordAudit(db, {
      actorId: actor.id,
      action: 'exam.update',
      targetType: 'exam',
      targetId: examId,
      detail: { version: row.version, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
      at,
    });
    return examView(row);
  });
}

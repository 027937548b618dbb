/** A manager creates a certification exam for a domain. Audited as `exam.create`. */
import { validateInput } from '../../domain/validation.js';
import { insertExam } from '../../store/repositories/exams.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { assertBankHolds, assertNoOtherActive } from './checkBank.js';
import { ExamInput, type Exam } from '../../domain/api/exams.js';
import { examView } from './examView.js';

export async function createExam(ctx: ServiceContext, actor: Actor, input: unknown): Promise<Exam> {
  const valid = validateInput(ExamInput, input);
  const e = valid;
  const at = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    await assertBankHolds(db, e.domain, e.questionCount);
    await assertNoOtherActive(db, e.domain);
    const row = await insertExam(db, { ...e, createdBy: actor.id, at });
    await recordAudit(db, { actorId: actor.id, action: 'exam.create', targetType: 'exam', targetId: row.id, detail: { ...e }, at });
    return examView(row);
  });
}

/** An exam can only go live when its domain's exam bank holds enough gradable gold questions. */
import { ConflictError, UserInputError } from '../../domain/errors.js';
import { activeExams } from '../../store/repositories/exams.js';
import type { Db } from '../../store/transaction.js';
import { bankQuestions } from './banks.js';

export async function assertBankHolds(db: Db, domain: string, questionCount: number): Promise<void> {
  const size = (await bankQuestions(db, 'exam', domain)).length;
  if (size < questionCount) {
    throw new UserInputError(
      `the "${domain}" exam bank has ${size} gradable gold question${size === 1 ? '' : 's'} (gold tasks in exam projects of that domain); questionCount must not exceed ${size}`,
      { field: 'questionCount' },
    );
  }
}

/** One active exam per domain, so "the domain's exam" (practice readiness, retakes) is never ambiguous. */
export async function assertNoOtherActive(db: Db, domain: string, exceptId?: number): Promise<void> {
  const other = (await activeExams(db, domain)).find((e) => e.id !== exceptId);
  if (other) throw new ConflictError(`exam ${other.id} ("${other.name}") is already the active exam in "${domain}"; deactivate it first`);
}

/** Every exam, with how many gradable questions its domain's bank holds now (for managers). */
import { allExams } from '../../store/repositories/exams.js';
import type { ServiceContext } from '../context.js';
import { bankQuestions } from './banks.js';
import type { ExamWithBank } from '../../domain/api/exams.js';
import { examView } from './examView.js';

export async function listExams(ctx: ServiceContext): Promise<ExamWithBank[]> {
  const db = ctx.store.db;
  const perDomain = new Map<string, number>();
  for (const q of await bankQuestions(db, 'exam')) perDomain.set(q.task.domain, (perDomain.get(q.task.domain) ?? 0) + 1);
  return (await allExams(db)).map((r) => ({ ...examView(r), bankSize: perDomain.get(r.domain) ?? 0 }));
}

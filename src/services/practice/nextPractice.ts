/**
 * The next practice question in a domain: one the tutor has not practised yet (at random), else the
 * one they practised least recently. Same tutor-task shape as `next`, without gold; the gold is
 * revealed only with the feedback on an answer.
 */
import { randomInt } from 'node:crypto';
import { NotFoundError, UserInputError } from '../../domain/errors.js';
import { DomainName } from '../../domain/tasks.js';
import { lastPractised } from '../../store/repositories/practice.js';
import type { Actor, ServiceContext } from '../context.js';
import type { Question } from '../../domain/api/exams.js';
import { bankQuestions, toQuestion } from '../exams/banks.js';

export async function nextPractice(ctx: ServiceContext, actor: Actor, domain: string): Promise<Question> {
  if (!DomainName.safeParse(domain).success) throw new UserInputError('not a domain name', { field: 'domain' });
  const db = ctx.store.db;
  const bank = await bankQuestions(db, 'practice', domain);
  if (bank.length === 0) throw new NotFoundError(`practice bank in "${domain}"`);
  const last = await lastPractised(db, actor.id, domain);
  const fresh = bank.filter((q) => !last.has(q.task.id));
  if (fresh.length > 0) return toQuestion(fresh[randomInt(fresh.length)]);
  let oldest = bank[0];
  for (const q of bank) if (last.get(q.task.id)! < last.get(oldest.task.id)!) oldest = q;
  return toQuestion(oldest);
}

/** What a manager sends to create or change an exam, and what the API returns for one. */
import { z } from 'zod';
import { DomainName } from '../../domain/tasks.js';
import type { ExamRow } from '../../store/repositories/exams.js';

export const ExamInput = z.object({
  domain: DomainName,
  name: z.string().trim().min(1).max(200),
  /** Questions drawn per attempt. */
  questionCount: z.number().int().min(1).max(500),
  /** Share of questions to get right to pass, 0..1. */
  passMark: z.number().min(0).max(1),
  /** Hours a tutor waits after a failed attempt before retaking. */
  cooldownHours: z.number().int().min(0).max(24 * 365),
});
export type ExamInput = z.input<typeof ExamInput>;

/** Any change bumps the version; `active: false` retires the exam. The domain is fixed (another domain is another exam). */
export const ExamPatch = ExamInput.omit({ domain: true }).partial().extend({ active: z.boolean().optional() });
export type ExamPatch = z.input<typeof ExamPatch>;

export interface ExamView {
  id: number;
  domain: string;
  name: string;
  questionCount: number;
  passMark: number;
  cooldownHours: number;
  version: number;
  active: boolean;
  createdAt: string;
}

export function examView(r: ExamRow): ExamView {
  return {
    id: r.id,
    domain: r.domain,
    name: r.name,
    questionCount: r.question_count,
    passMark: r.pass_mark,
    cooldownHours: r.cooldown_hours,
    version: r.version,
    active: r.active === 1,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

/** How an exam is named on a certification: `"<examId>@v<version>"`. */
export const examRef = (examId: number, version: number): string => `${examId}@v${version}`;

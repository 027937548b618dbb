/** An exam row as the API returns it (the shapes are in src/domain/api/exams.ts). */
import type { Exam } from '../../domain/api/exams.js';
import type { ExamRow } from '../../store/repositories/exams.js';

export function examView(r: ExamRow): Exam {
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

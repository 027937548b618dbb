/**
 * Certification exams: /api/exams, /api/exams/:id/attempts, /api/exam-attempts/:id/submit and
 * /api/certifications/events. Questions leave in the tutor-task shape (never gold); results carry
 * score and pass/fail only.
 */
import { z } from 'zod';
import { DomainName } from '../tasks.js';
import { Json } from './common.js';

export const ExamInput = z.object({
  domain: DomainName,
  name: z.string().trim().min(1).max(200),
  /** Questions drawn per attempt. */
  questionCount: z.number().int().min(1).max(500),
  /** Share of questions to get right to pass, 0..1. */
  passMark: z.number().min(0).max(1),
  /** Hours a tutor waits after a failed attempt before retaking. */
  cooldownHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365),
});
export type ExamInput = z.input<typeof ExamInput>;

/**
 * Any change bumps the version; `active: false` retires the exam. A new domain moves the exam to that
 * domain's bank (attempts and certifications keep the version they were taken at).
 */
export const ExamPatch = ExamInput.partial().extend({ active: z.boolean().optional() });
export type ExamPatch = z.input<typeof ExamPatch>;

export const ExamSchema = z
  .object({
    id: z.number().int(),
    domain: z.string(),
    name: z.string(),
    questionCount: z.number().int(),
    passMark: z.number(),
    cooldownHours: z.number().int(),
    version: z.number().int(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Exam' });
export type Exam = z.output<typeof ExamSchema>;

export const ExamWithBank = ExamSchema.extend({ bankSize: z.number().int() });
export type ExamWithBank = z.output<typeof ExamWithBank>;
export const ExamList = z.object({ exams: z.array(ExamWithBank) });
export const ExamOk = z.object({ exam: ExamSchema });

/** The rules a question is answered under (what a renderer needs; no gold). */
export const QuestionRules = z.object({
  instructions: z.string(),
  labels: z.array(z.string()).optional(),
  multiLabel: z.boolean(),
  rubric: z.array(z.object({ name: z.string(), description: z.string().optional(), scale: z.number().int() })).optional(),
  requireRationale: z.boolean(),
});
export type QuestionRules = z.output<typeof QuestionRules>;

/** A question as a tutor sees it: the tutor-task shape of `next` plus the rules it is answered under. Never gold. */
export const QuestionSchema = z
  .object({
    taskId: z.number().int(),
    type: z.string(),
    domain: z.string(),
    payload: Json,
    project: QuestionRules,
  })
  .meta({ id: 'Question' });
export type Question = z.output<typeof QuestionSchema>;

export const ExamStart = z.object({
  attempt: z.object({ id: z.number().int(), examId: z.number().int(), examVersion: z.number().int(), startedAt: z.string() }),
  exam: ExamSchema,
  questions: z.array(QuestionSchema),
});
export type ExamStart = z.output<typeof ExamStart>;

export const SubmitExamBody = z.object({ answers: z.array(Json).max(500) });

export const ExamResult = z
  .object({
    attemptId: z.number().int(),
    examId: z.number().int(),
    examVersion: z.number().int(),
    score: z.number(),
    passed: z.boolean(),
    correct: z.number().int(),
    total: z.number().int(),
    passMark: z.number(),
    certification: z.object({ domain: z.string(), level: z.number().int() }).nullable(),
    /** After a failed attempt: when the cool-down ends. */
    nextAttemptAt: z.string().nullable(),
  })
  .meta({ id: 'ExamResult' });
export type ExamResult = z.output<typeof ExamResult>;

export const CertificationEventsQuery = z.object({ days: z.coerce.number().int().min(1).max(3660).default(90) });

export const CertificationDay = z.object({
  day: z.string(),
  domain: z.string(),
  grantedByManager: z.number().int(),
  grantedByExam: z.number().int(),
  suspended: z.number().int(),
  revoked: z.number().int(),
});
export type CertificationDay = z.output<typeof CertificationDay>;

export const CertificationEvents = z.object({ since: z.string(), days: z.array(CertificationDay) });
export type CertificationEvents = z.output<typeof CertificationEvents>;

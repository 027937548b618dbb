/**
 * The practice path: progress per domain, the next practice question, and feedback on an answer
 * (/api/practice, /api/practice/:domain/next, /api/practice/answers).
 */
import { z } from 'zod';
import { DomainName } from '../tasks.js';
import { Json } from './common.js';
import { QuestionSchema } from './exams.js';

const IntervalFields = {
  /** Null when there is nothing to estimate from. */
  estimate: z.number().nullable(),
  lower: z.number(),
  upper: z.number(),
};
/** A Wilson score interval (95%) around a proportion; all three are 0..1. */
export const IntervalSchema = z.object(IntervalFields);
export type Interval = z.output<typeof IntervalSchema>;

export const PracticeDomain = z
  .object({
    domain: z.string(),
    /** Gold questions in this domain's practice banks. */
    bankSize: z.number().int(),
    answered: z.number().int(),
    correct: z.number().int(),
    /** Accuracy over the last `window` practice answers, with its Wilson interval. */
    recent: z.object({ window: z.number().int(), answered: z.number().int(), correct: z.number().int(), ...IntervalFields }),
    exam: z
      .object({
        id: z.number().int(),
        name: z.string(),
        questionCount: z.number().int(),
        passMark: z.number(),
        cooldownHours: z.number().int(),
        version: z.number().int(),
      })
      .nullable(),
    /** Recent accuracy ≥ the pass mark over enough recent answers. */
    ready: z.boolean(),
    /** When the cool-down after a failed attempt ends; null when the exam may be taken now (or there is none). */
    nextAttemptAt: z.string().nullable(),
    /** Holds an active certification in this domain (the exam would answer 409). */
    certified: z.boolean(),
  })
  .meta({ id: 'PracticeDomain' });
export type PracticeDomain = z.output<typeof PracticeDomain>;

export const PracticeOverview = z.object({ domains: z.array(PracticeDomain) });
export type PracticeOverview = z.output<typeof PracticeOverview>;

export const PracticeNextParams = z.object({ domain: DomainName });
export const PracticeQuestion = z.object({ question: QuestionSchema });
export type PracticeQuestion = z.output<typeof PracticeQuestion>;

export const PracticeAnswerBody = z.object({
  taskId: z.number().int().positive(),
  response: Json,
});

export const PracticeFeedback = z
  .object({
    correct: z.boolean(),
    /** 0..1 (partial credit for rankings, ratings, steps). */
    score: z.number(),
    /** The practice bank's answer, in the task type's response shape. */
    expected: Json,
    explanation: z.string().nullable(),
  })
  .meta({ id: 'PracticeFeedback' });
export type PracticeFeedback = z.output<typeof PracticeFeedback>;

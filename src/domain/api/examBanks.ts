/**
 * Question banks uploaded from a file (POST /api/exam-banks): gold questions with explanations into a
 * domain's exam bank (a project of purpose `exam`), which every exam of that domain draws from.
 * `dryRun` checks the whole file and previews what would be added; nothing is written.
 */
import { z } from 'zod';
import { DomainName, TaskType } from '../tasks.js';

export const BANK_FORMATS = ['jsonl', 'csv'] as const;

export const BankUploadBody = z.object({
  /** The domain whose exams draw on the bank. */
  domain: DomainName,
  /** The questions' task type; the bank is the domain's exam project of this type (made on first upload). */
  type: TaskType,
  format: z.enum(BANK_FORMATS),
  /** Named in every problem. */
  fileName: z.string().trim().min(1).max(200),
  /** The file's text: at most 1 MB (a bank is a few hundred questions; big imports go through the project's import). */
  text: z
    .string()
    .min(1, 'the file is empty')
    .max(1024 * 1024, 'a bank file is at most 1 MB'),
  dryRun: z.boolean().default(false),
});
export type BankUploadBody = z.output<typeof BankUploadBody>;

export const BankQuestionPreview = z.object({
  line: z.number().int(),
  id: z.string(),
  /** The question's opening words (the prompt or text). */
  summary: z.string(),
  gold: z.record(z.string(), z.unknown()),
  explanation: z.string(),
  /** Already in the bank with the same content: uploading again skips it. */
  alreadyInBank: z.boolean(),
});

export const BankUploadResult = z.object({
  dryRun: z.boolean(),
  domain: z.string(),
  /** The bank project (null on a dry run when the first upload would create it). */
  bank: z.object({ projectId: z.number().int(), name: z.string() }).nullable(),
  questions: z.array(BankQuestionPreview),
  /** New questions (added, or to be added on a dry run). */
  added: z.number().int(),
  skipped: z.number().int(),
  /** Gradable gold questions in the domain's exam banks now (on a dry run: after the upload). */
  bankSize: z.number().int(),
  /** The domain's exams: the ones this bank serves. */
  exams: z.array(z.object({ id: z.number().int(), name: z.string(), active: z.boolean(), questionCount: z.number().int() })),
});
export type BankUploadResult = z.output<typeof BankUploadResult>;

/**
 * Exports: GET /api/projects/:id/export streams NDJSON in one of these formats (`docs/exports.md`);
 * GET /api/projects/:id/export/summary says what the same export leaves out and why.
 */
import { z } from 'zod';

/** `rm` is the old name of `ratings`, kept as a deprecated alias. */
export const EXPORT_FORMATS = [
  'dpo',
  'sft',
  'ratings',
  'classification',
  'stepwise',
  'annotations',
  'rm',
  'rubrics',
  'rubric-grades',
  'turn-ratings',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Row styles of the `dpo` export: TRL conversational (default), TRL standard (strings), LLaMA-Factory ranking. */
export const DPO_STYLES = ['conversational', 'trl-standard', 'llamafactory'] as const;
export type DpoStyle = (typeof DPO_STYLES)[number];

/** Which task types each format reads. */
export const FORMAT_TASK_TYPES: Record<Exclude<ExportFormat, 'annotations'>, string[]> = {
  dpo: ['preference', 'ranking', 'rubric', 'conversation'],
  sft: ['rewrite', 'demonstration', 'conversation'],
  ratings: ['rating'],
  rm: ['rating'],
  classification: ['label'],
  stepwise: ['steps'],
  rubrics: ['rubric'],
  'rubric-grades': ['rubric'],
  'turn-ratings': ['conversation'],
};

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  style: z.enum(DPO_STYLES).optional().describe('dpo only: conversational (default), trl-standard or llamafactory'),
  includeTies: flag.describe('also export split votes that a model consensus decided (marked meta.split = true)'),
  margin: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('dpo of a rubric grading project: the least score difference that makes a pair (default 0.2)'),
});
export type ExportOptions = { style?: DpoStyle; includeTies?: boolean; margin?: number };

export const ExportSummary = z.object({
  project: z.string(),
  format: z.enum(EXPORT_FORMATS),
  style: z.string().nullable(),
  rows: z.number().int(),
  includeTies: z.boolean(),
  leftOut: z.object({
    split: z.number().int().describe('split votes with no reviewer verdict'),
    tie: z.number().int().describe('items whose consensus is a tie'),
    unresolved: z.number().int().describe('tasks with no judgment yet'),
    gold: z.number().int().describe('gold tasks, never exported'),
    superseded: z.number().int().describe('judgments replaced by a correction'),
    excluded: z.number().int().describe('tasks a manager removed from the exports'),
  }),
  review: z.string().describe('where split items are decided'),
  splitTaskIds: z.array(z.number().int()).describe("the split items' task ids (the first 1000), for the bulk actions"),
  deprecated: z.string().nullable().describe('set when the format is a deprecated alias'),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

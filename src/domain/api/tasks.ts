/** Importing a project's tasks (NDJSON, all-or-nothing) and listing them with gold: /api/projects/:id/tasks. */
import { z } from 'zod';

export const ImportBody = z
  .string()
  .describe(
    'One task per line (JSONL) as in demo/tasks/*.jsonl, or a format people already hold (docs/imports.md): JSON lines or a JSON array (application/x-ndjson), CSV (text/csv), either gzipped (application/gzip or the same types)',
  );
export const IMPORT_FORMAT_NAMES = [
  'auto',
  'tutorloop',
  'hh-rlhf',
  'trl',
  'openai-messages',
  'ultrafeedback',
  'helpsteer2',
  'labelstudio',
  'argilla',
  'tutorloop-dpo',
  'tutorloop-sft',
  'csv',
  'oasst',
] as const;
export const ImportQuery = z.object({
  format: z
    .enum(IMPORT_FORMAT_NAMES)
    .default('auto')
    .describe('auto: detected from the first records (the choice is in the X-Import-Format header)'),
  columns: z.string().max(2000).optional().describe('csv: which column plays which role, e.g. prompt=question,response=answer'),
  domain: z.string().max(40).optional().describe("foreign formats: the domain of records that carry none (default: the project's first)"),
  asGold: z.enum(['true', 'false']).default('false').describe("foreign formats: keep a record's known answer as gold"),
});
export const ImportOk = z.object({ imported: z.number().int(), skipped: z.number().int() });
export type ImportOk = z.output<typeof ImportOk>;

export const TaskListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const TaskList = z.object({ tasks: z.array(z.looseObject({ id: z.number().int() })), total: z.number().int() });

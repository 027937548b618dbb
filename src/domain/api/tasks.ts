/** Importing a project's tasks (NDJSON, all-or-nothing) and listing them with gold: /api/projects/:id/tasks. */
import { z } from 'zod';

export const ImportBody = z
  .string()
  .describe('One task per line (JSONL), as in demo/tasks/*.jsonl; or HH-RLHF {chosen, rejected} lines with ?format=hh-rlhf');
export const ImportQuery = z.object({ format: z.enum(['tutorloop', 'hh-rlhf']).default('tutorloop') });
export const ImportOk = z.object({ imported: z.number().int(), skipped: z.number().int() });
export type ImportOk = z.output<typeof ImportOk>;

export const TaskListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const TaskList = z.object({ tasks: z.array(z.looseObject({ id: z.number().int() })), total: z.number().int() });

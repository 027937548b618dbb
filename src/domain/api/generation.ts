/** Candidate generation as an API job: /api/projects/:id/generation-jobs and /api/generation-jobs/:id (manager). */
import { z } from 'zod';
import { GenerationOptions } from '../generation.js';

export const GenerationJobInput = GenerationOptions.extend({
  /** The prompts file's text: JSONL, one `{"id", "prompt" or "messages", "domain"}` a line. */
  prompts: z.string().min(1).max(20_000_000),
});

export const GenerationJob = z
  .object({
    jobId: z.number().int(),
    projectId: z.number().int(),
    state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
    tasksCreated: z.number().int(),
    error: z.string().nullable(),
    problems: z.array(z.string()),
  })
  .meta({ id: 'GenerationJob' });
export type GenerationJob = z.output<typeof GenerationJob>;
export const GenerationJobList = z.object({ jobs: z.array(GenerationJob) });

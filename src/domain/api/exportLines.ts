/**
 * One line of each export format (GET /api/projects/:id/export streams NDJSON: one of these per line),
 * for the OpenAPI document and clients. Top-level fields only are pinned; `meta` is described in
 * docs/api.md ("Exports"), since its fields follow the project's consensus method.
 */
import { z } from 'zod';

const Message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
const Meta = z.record(z.string(), z.unknown()).describe('task id, domain, votes or scores, consensus and provenance');

export const DpoLine = z
  .object({ prompt: z.array(Message), chosen: z.array(Message), rejected: z.array(Message), meta: Meta })
  .meta({ id: 'DpoLine', description: "format=dpo: TRL's conversational preference shape, one line per decided preference task" });

export const SftLine = z
  .object({ messages: z.array(Message), meta: Meta })
  .meta({ id: 'SftLine', description: 'format=sft: the conversation ending in the tutor’s text, one line per annotation of a rewrite or demonstration task' });

export const RmLine = z
  .object({
    prompt: z.array(Message),
    response: z.string(),
    scores: z.record(z.string(), z.object({ mean: z.number(), annotators: z.number().int(), stderr: z.number().nullable() })),
    meta: Meta,
  })
  .meta({ id: 'RmLine', description: 'format=rm: per rubric axis the mean score of a rated response' });

export const AnnotationsLine = z
  .object({
    taskId: z.string(),
    tutor: z.string().describe('a pseudonym, stable within one database'),
    tier: z.string(),
    domain: z.string(),
    response: z.record(z.string(), z.unknown()),
    durationMs: z.number().int(),
    createdAt: z.string(),
  })
  .loose()
  .meta({ id: 'AnnotationsLine', description: 'format=annotations: one line per annotation of a non-gold task' });

/** Any line of an export; which one follows from the `format` asked for. */
export const ExportLine = z.union([DpoLine, SftLine, RmLine, AnnotationsLine]).meta({ id: 'ExportLine', description: 'one line of the NDJSON body; which shape follows from the format asked for' });

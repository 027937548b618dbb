/**
 * Response schemas, cached. `responseSchemaFor` builds a fresh zod schema per call, and zod compiles a
 * schema on its first parse (~100 µs): per submit that was most of the cost. The schema depends only
 * on the task's response ids / step count and the project's rules, so a small cache keyed by those
 * serves nearly every submit from one compiled schema.
 */
import type { z } from 'zod';
import type { ProjectConfig } from '../../domain/projects.js';
import { responseSchemaFor } from '../../domain/responses.js';
import type { TaskPayload, TaskType } from '../../domain/tasks.js';

const MAX_ENTRIES = 2000;
const cache = new Map<string, z.ZodType>();

/** What of the payload the schema reads: response ids (preference, ranking) or the step count (steps). */
function payloadKey(type: TaskType, payload: TaskPayload): string {
  if (type === 'preference' || type === 'ranking') return (payload as TaskPayload<'preference'>).responses.map((r) => r.id).join('\u0000');
  if (type === 'steps') return String((payload as TaskPayload<'steps'>).steps.length);
  return '';
}

export function cachedResponseSchema(type: TaskType, payload: TaskPayload, project: ProjectConfig, configJson: string): z.ZodType {
  // A rubric grading checks evidence against the responses' texts: its schema is the task's own.
  if (type === 'rubric') return responseSchemaFor(type, payload, project);
  const key = `${type}\u0001${payloadKey(type, payload)}\u0001${configJson}`;
  let schema = cache.get(key);
  if (!schema) {
    schema = responseSchemaFor(type, payload, project);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, schema);
  }
  return schema;
}

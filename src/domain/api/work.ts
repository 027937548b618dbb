/**
 * The tutor's loop: lease the next task, submit or skip it (/api/projects/:id/next, /api/assignments/:id/…).
 * TutorTask lists exactly what a tutor may see; anything else (gold, counters, other annotations) is dropped.
 */
import { z } from 'zod';
import { ConversationResponse } from '../conversation.js';
import { LabelResponse, PreferenceResponse, RankingResponse, RatingResponse, StepsResponse, TextResponse } from '../responses.js';
import { PAYLOAD_SCHEMAS, TASK_TYPES, type TaskType } from '../tasks.js';
import { Json, type TaskTyped } from './common.js';
import { RubricResponse } from '../rubric.js';
import { RubricTutorTask } from './rubricTask.js';

/**
 * A response's schema per task type, named in the OpenAPI document. The body carries no type (the
 * assignment decides it), so the route takes any JSON object and the service checks it against its
 * task's schema with the project's rules (responseSchemaFor), naming the wrong field.
 */
const RESPONSES_BY_TYPE = {
  preference: PreferenceResponse.meta({ id: 'PreferenceResponse' }),
  ranking: RankingResponse.meta({ id: 'RankingResponse' }),
  rating: RatingResponse.meta({ id: 'RatingResponse' }),
  label: LabelResponse.meta({ id: 'LabelResponse' }),
  'rewrite, demonstration': TextResponse.meta({ id: 'TextResponse' }),
  steps: StepsResponse.meta({ id: 'StepsResponse' }),
  rubric: RubricResponse.meta({ id: 'RubricResponse' }),
  conversation: ConversationResponse.meta({ id: 'ConversationResponse' }),
};
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

export const SubmitBody = z.object({
  response: Json.meta({
    description: `the answer, shaped by the task's type: ${Object.entries(RESPONSES_BY_TYPE)
      .map(([type, schema]) => `${type} → ${schema.meta()?.id}`)
      .join('; ')}`,
    // The request takes the input side of each schema (defaults optional), which the generator names `…Input`.
    oneOf: Object.values(RESPONSES_BY_TYPE).map((schema) => ref(`${String(schema.meta()?.id)}Input`)),
  }),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600 * 1000),
});

/** The task as a tutor sees it, one schema per task type (discriminated on `type`): the payload is the imported one minus `meta`. */
const tutorTaskOf = <T extends Exclude<TaskType, 'rubric'>>(type: T, id: string) => {
  const { meta: _meta, ...shape } = PAYLOAD_SCHEMAS[type].shape as Omit<(typeof PAYLOAD_SCHEMAS)[T]['shape'], never>;
  return z
    .object({
      id: z.number().int().describe('the id tutors see: a keyed hash of the task id, unordered (reviewers and managers see the real one)'),
      type: z.literal(type),
      domain: z.string(),
      payload: z.object(shape as Omit<typeof shape, 'meta'>).meta({ id: `${id}Payload` }),
    })
    .meta({ id });
};
export const TutorTaskSchema = z
  .discriminatedUnion('type', [
    tutorTaskOf('preference', 'PreferenceTask'),
    tutorTaskOf('ranking', 'RankingTask'),
    tutorTaskOf('rating', 'RatingTask'),
    tutorTaskOf('label', 'LabelTask'),
    tutorTaskOf('rewrite', 'RewriteTask'),
    tutorTaskOf('demonstration', 'DemonstrationTask'),
    tutorTaskOf('steps', 'StepsTask'),
    RubricTutorTask,
    tutorTaskOf('conversation', 'ConversationTask'),
  ])
  .meta({
    id: 'TutorTask',
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(TASK_TYPES.map((t) => [t, ref(`${t[0].toUpperCase()}${t.slice(1)}Task`).$ref])),
    },
  });
/** The same, as the web app builds it from other answers (a review item, a practice question): type and payload tied by TaskTyped. */
export type TutorTask<T extends TaskType = TaskType> = TaskTyped<
  { id: number; type: string; domain: string; payload: Record<string, unknown> },
  T
>;

export const NextLease = z.object({ assignment: z.object({ id: z.number().int(), expiresAt: z.string() }), task: TutorTaskSchema });
export type Lease = Omit<z.output<typeof NextLease>, 'task'> & { task: TutorTask };

export const SubmitAndNextResult = z.object({
  annotationId: z.number().int(),
  next: NextLease.nullable().describe(
    'the next lease in the same project; null when nothing is left (what next answers with 204) or with nextError',
  ),
  nextError: z
    .object({ status: z.number().int(), error: z.string() })
    .optional()
    .describe('the submit was stored but no lease was taken: 403 next refuses the caller, 500 it failed (call next)'),
});
export type SubmitAndNextResult = Omit<z.output<typeof SubmitAndNextResult>, 'next'> & { next: Lease | null };

export const SubmitResult = z.object({ annotationId: z.number().int() });

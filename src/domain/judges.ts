/**
 * AI judges (issue 13 §3): a user of tier `model`, bound to a model endpoint, answering a project's
 * tasks through the same routing as a tutor. Its prompt is versioned per task type; the reply must
 * be the task type's response (structured output, JSON schema from the zod schema) plus a stated
 * confidence, or it is retried once and then recorded as a failed call.
 */
import { z } from 'zod';
import { RESPONSE_SCHEMAS } from './responses.js';
import { DomainName, TaskType } from './tasks.js';

export const JudgeInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The endpoint (name or id) the judge calls. */
  endpoint: z.union([z.string().min(1), z.number().int()]),
  /** Informational, like a generalist's: the project's eligibility decides where it works. */
  domains: z.array(DomainName).default([]),
});
export type JudgeInput = z.input<typeof JudgeInput>;

export const JudgePromptInput = z.strictObject({
  taskType: TaskType,
  template: z.string().trim().min(1).max(50_000),
});

export const JudgeRunInput = z.strictObject({
  /** The judge (user id or name). */
  judge: z.union([z.string().min(1), z.number().int()]),
  /** Stop after this many tasks; all the judge may take when unset. */
  maxItems: z.number().int().min(1).max(1_000_000).optional(),
});

export { JudgingPolicy } from './judging.js';

const replySchemas = new Map<TaskType, z.ZodType>();
const jsonSchemas = new Map<TaskType, Record<string, unknown>>();

/** The reply a judge must give: the task type's response (input side) and its confidence in it (built once per type). */
export function judgeReplySchema(type: TaskType): z.ZodType {
  let schema = replySchemas.get(type);
  if (!schema) {
    const confidence = z.object({ confidence: z.number().min(0).max(1) });
    const response = RESPONSE_SCHEMAS[type];
    // Staged types (rubric) answer a union of shapes; the others one object.
    schema = response instanceof z.ZodObject ? response.extend(confidence.shape) : z.intersection(response, confidence);
    replySchemas.set(type, schema);
  }
  return schema;
}

/** The JSON schema sent as `response_format` (structured output), converted once per type: treat it as read-only. */
export function judgeJsonSchema(type: TaskType): Record<string, unknown> {
  let schema = jsonSchemas.get(type);
  if (!schema) {
    schema = z.toJSONSchema(judgeReplySchema(type), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    jsonSchemas.set(type, schema);
  }
  return schema;
}

/** The prompt every judge starts with per task type (version 1); an admin edits it to make version 2, 3, … */
export function defaultJudgeTemplate(type: TaskType): string {
  const what: Record<TaskType, string> = {
    preference: 'Decide which response better answers the prompt ("choice": its id, or "tie"), with "strength" 1–3.',
    ranking: 'Order every response from best to worst ("order": the response ids, best first).',
    rating: 'Score the response on each rubric axis ("scores": axis → integer on the axis scale).',
    label: 'Pick the label(s) from the label set that fit ("labels").',
    rewrite: 'Rewrite the response so it answers the prompt well ("text").',
    demonstration: 'Write the ideal response to the prompt ("text").',
    steps: 'Judge each step of the solution ("verdicts": correct, incorrect or neutral, one per step).',
    conversation:
      'Rate each assistant turn ("turns": scores per axis and/or labels, ranking a branch\'s replies) and give the first turn that goes wrong ("firstBadTurn", or null).',
    rubric:
      'For the stage given, answer as the rubric asks: when grading, mark each criterion met or not for each response ("grades"), quoting the response as evidence.',
  };
  return [
    'You are a careful expert evaluator of AI responses.',
    what[type],
    'Judge on correctness and helpfulness, not on length or on the order the responses are shown in.',
    'Give "confidence": the probability (0 to 1) that your judgment is right. Reply with JSON only.',
  ].join('\n');
}

/**
 * Task types and the shape of one imported task (one JSONL line).
 *
 * The payload is what a tutor sees; `gold` is the known answer of a honeypot or exam task and
 * is never sent to tutors. Payload schemas are strict about what each type needs and tolerant
 * of extra metadata, which lives in `meta` and travels untouched to exports.
 */
import { z } from 'zod';
import { ChatMessage, ModelResponse } from './chat.js';
import { ConversationTurn, conversationProblems } from './conversation.js';
import { RubricPayload } from './rubric.js';

export const TASK_TYPES = [
  'preference',
  'ranking',
  'rating',
  'label',
  'rewrite',
  'demonstration',
  'steps',
  'rubric',
  'conversation',
] as const;
export const TaskType = z.enum(TASK_TYPES);
export type TaskType = z.infer<typeof TaskType>;

/** Domain names are short slugs: `medicine`, `law`, `code`, `math`, `safety`, `general`. */
export const DomainName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lowercase slug such as "medicine" (letters, digits, - and _)');
export type DomainName = z.infer<typeof DomainName>;

// The message and response shapes live in chat.ts, so that rubric.ts can share them without a cycle.
export { ChatMessage, ModelResponse } from './chat.js';

const Base = {
  /** Earlier turns of the conversation, oldest first; `prompt` is the final user turn. */
  context: z.array(ChatMessage).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
};

const uniqueIds = (rs: ModelResponse[]) => new Set(rs.map((r) => r.id)).size === rs.length;

export const PreferencePayload = z.object({
  ...Base,
  prompt: z.string().min(1, 'must not be empty'),
  responses: z
    .array(ModelResponse)
    .length(2, 'a preference task compares exactly two responses')
    .refine(uniqueIds, 'response ids must be distinct'),
});
export const RankingPayload = z.object({
  ...Base,
  prompt: z.string().min(1, 'must not be empty'),
  responses: z
    .array(ModelResponse)
    .min(2, 'a ranking task needs at least two responses')
    .max(12)
    .refine(uniqueIds, 'response ids must be distinct'),
});
export const RatingPayload = z.object({
  ...Base,
  prompt: z.string().min(1, 'must not be empty'),
  response: ModelResponse.extend({ id: z.string().min(1).max(64).default('r') }),
});
export const LabelPayload = z
  .object({
    ...Base,
    /** The item to label: a text, or a whole conversation. */
    text: z.string().min(1).optional(),
    messages: z.array(ChatMessage).min(1).optional(),
  })
  .refine((p) => p.text !== undefined || p.messages !== undefined, {
    message: 'a label task needs "text" or "messages"',
    path: ['text'],
  });
export const RewritePayload = z.object({
  ...Base,
  prompt: z.string().min(1, 'must not be empty'),
  response: ModelResponse.extend({ id: z.string().min(1).max(64).default('r') }),
});
export const DemonstrationPayload = z.object({
  ...Base,
  prompt: z.string().min(1, 'must not be empty'),
});
export const StepsPayload = z.object({
  ...Base,
  /** The problem statement. */
  prompt: z.string().min(1, 'must not be empty'),
  steps: z.array(z.string().min(1)).min(1, 'a steps task needs at least one step').max(200),
});

export const ConversationPayload = z
  .object({
    meta: Base.meta,
    messages: z.array(ConversationTurn).min(1, 'a conversation needs messages').max(400),
  })
  .superRefine((p, ctx) => {
    for (const issue of conversationProblems(p.messages))
      ctx.addIssue({ code: 'custom', path: ['messages', ...issue.path], message: issue.message });
  });

export const PAYLOAD_SCHEMAS = {
  preference: PreferencePayload,
  ranking: RankingPayload,
  rating: RatingPayload,
  label: LabelPayload,
  rewrite: RewritePayload,
  demonstration: DemonstrationPayload,
  steps: StepsPayload,
  rubric: RubricPayload,
  conversation: ConversationPayload,
} as const satisfies Record<TaskType, z.ZodType>;

export type TaskPayload<T extends TaskType = TaskType> = z.infer<(typeof PAYLOAD_SCHEMAS)[T]>;

/** Fields of an import line that are not payload: identity, routing and the hidden answer. */
export const ImportEnvelope = z.object({
  id: z.string().min(1, 'must not be empty').max(200),
  type: TaskType,
  domain: DomainName,
  priority: z.number().int().min(-1000).max(1000).optional(),
  /** The known answer (same shape as a tutor response, partial allowed), plus an optional explanation. */
  gold: z.record(z.string(), z.unknown()).optional(),
});
export type ImportEnvelope = z.infer<typeof ImportEnvelope>;

/** One parsed import line: envelope fields plus the type's payload. */
export interface ParsedTaskLine {
  externalId: string;
  type: TaskType;
  domain: string;
  priority: number;
  payload: TaskPayload;
  gold: Record<string, unknown> | null;
}

/**
 * What a tutor gives back, per task type. The static schema checks the shape; `responseSchemaFor`
 * adds the checks that need the task and project (response ids, rubric axes, label set, step count),
 * so a submission that does not fit is refused with the exact field that is wrong.
 */
import { z } from 'zod';
import { ConversationResponse, conversationResponseProblems } from './conversation.js';
import type { ProjectConfig } from './projects.js';
import type { TaskPayload, TaskType } from './tasks.js';
import { type RubricPayload, RubricResponse, type RubricResponse as RubricAnswer, rubricResponseIssues } from './rubric.js';

const rationale = z.string().max(20_000).optional();

export const PreferenceResponse = z.object({
  /** The id of the preferred response, or `tie`. */
  choice: z.string().min(1),
  /** 1 = slightly better, 2 = better, 3 = much better. Ignored for ties. */
  strength: z.number().int().min(1).max(3).default(2),
  rationale,
});
export const RankingResponse = z.object({
  /** Response ids, best first; must be a full order. */
  order: z.array(z.string().min(1)).min(2),
  rationale,
});
export const RatingResponse = z.object({
  scores: z.record(z.string(), z.number().int()),
  comment: z.string().max(20_000).optional(),
  rationale,
});
export const LabelResponse = z.object({
  labels: z.array(z.string().min(1)).min(1, 'pick at least one label'),
  rationale,
});
export const TextResponse = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(100_000),
  rationale,
});
export const STEP_VERDICTS = ['correct', 'incorrect', 'neutral'] as const;
export const StepsResponse = z.object({
  verdicts: z.array(z.enum(STEP_VERDICTS)),
  rationale,
});

export const RESPONSE_SCHEMAS = {
  preference: PreferenceResponse,
  ranking: RankingResponse,
  rating: RatingResponse,
  label: LabelResponse,
  rewrite: TextResponse,
  demonstration: TextResponse,
  steps: StepsResponse,
  rubric: RubricResponse,
  conversation: ConversationResponse,
} as const satisfies Record<TaskType, z.ZodType>;

export type TaskResponse<T extends TaskType = TaskType> = z.infer<(typeof RESPONSE_SCHEMAS)[T]>;

type ProjectRules = Pick<ProjectConfig, 'rubric' | 'labels' | 'multiLabel' | 'requireRationale'>;

/** The full schema for one submission: shape plus the rules this task and project impose. */
export function responseSchemaFor(type: TaskType, payload: TaskPayload, project: ProjectRules): z.ZodType {
  const base = RESPONSE_SCHEMAS[type] as z.ZodObject<z.ZodRawShape>;
  return base.superRefine((raw, ctx) => {
    const r = raw as Record<string, unknown>;
    if (project.requireRationale && !(typeof r.rationale === 'string' && r.rationale.trim().length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['rationale'], message: 'this project asks for a rationale' });
    }
    switch (type) {
      case 'preference': {
        const ids = (payload as TaskPayload<'preference'>).responses.map((x) => x.id);
        const choice = r.choice as string;
        if (choice !== 'tie' && !ids.includes(choice)) {
          ctx.addIssue({ code: 'custom', path: ['choice'], message: `must be one of ${[...ids, 'tie'].join(', ')}` });
        }
        break;
      }
      case 'ranking': {
        const ids = (payload as TaskPayload<'ranking'>).responses.map((x) => x.id);
        const order = r.order as string[];
        const complete = order.length === ids.length && new Set(order).size === ids.length && order.every((id) => ids.includes(id));
        if (!complete) {
          ctx.addIssue({ code: 'custom', path: ['order'], message: `must order every response exactly once: ${ids.join(', ')}` });
        }
        break;
      }
      case 'rating': {
        const scores = r.scores as Record<string, number>;
        for (const axis of project.rubric ?? []) {
          const s = scores[axis.name];
          if (s === undefined) ctx.addIssue({ code: 'custom', path: ['scores', axis.name], message: 'missing score' });
          else if (s < 1 || s > axis.scale) {
            ctx.addIssue({ code: 'custom', path: ['scores', axis.name], message: `must be an integer from 1 to ${axis.scale}` });
          }
        }
        const known = new Set((project.rubric ?? []).map((a) => a.name));
        for (const name of Object.keys(scores)) {
          if (!known.has(name)) ctx.addIssue({ code: 'custom', path: ['scores', name], message: 'not an axis of this rubric' });
        }
        break;
      }
      case 'label': {
        const labels = r.labels as string[];
        const allowed = project.labels ?? [];
        labels.forEach((l, i) => {
          if (!allowed.includes(l))
            ctx.addIssue({ code: 'custom', path: ['labels', i], message: `not in the label set: ${allowed.join(', ')}` });
        });
        if (!project.multiLabel && labels.length > 1) {
          ctx.addIssue({ code: 'custom', path: ['labels'], message: 'this project takes exactly one label' });
        }
        if (new Set(labels).size !== labels.length) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'labels repeat' });
        break;
      }
      case 'steps': {
        const n = (payload as TaskPayload<'steps'>).steps.length;
        if ((r.verdicts as unknown[]).length !== n) {
          ctx.addIssue({ code: 'custom', path: ['verdicts'], message: `needs one verdict for each of the ${n} steps` });
        }
        break;
      }
      case 'rubric': {
        for (const issue of rubricResponseIssues(payload as RubricPayload, r as RubricAnswer)) ctx.addIssue({ code: 'custom', ...issue });
        break;
      }
      case 'conversation': {
        const messages = (payload as TaskPayload<'conversation'>).messages;
        for (const i of conversationResponseProblems(r as ConversationResponse, messages, project)) ctx.addIssue({ code: 'custom', ...i });
        break;
      }
      default:
        break;
    }
  });
}

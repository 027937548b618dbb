/**
 * One judgment from the model: the judge's prompt and the task as a tutor sees it, structured output
 * (the task type's response schema plus `confidence`, as JSON schema), and the reply validated by the
 * same rules a tutor's submission meets. A reply that does not validate is asked again once; a second
 * bad reply, or a call that failed after the gateway's retries, is a failure with its reason: never a
 * silent default.
 */
import { judgeJsonSchema, judgeReplySchema } from '../../domain/judges.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import type { EndpointRecord } from '../../store/repositories/modelEndpoints.js';
import { describeIssues } from '../../domain/validation.js';
import type { TaskPayload, TaskType } from '../../domain/tasks.js';
import type { ServiceContext } from '../context.js';
import { ModelCallError, modelGateway } from '../models/client.js';
import { cachedResponseSchema } from '../work/responseSchemas.js';

export interface CallTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  model: string;
}

export type Answer = { ok: true; response: Record<string, unknown>; confidence: number } | { ok: false; error: string };

export interface AskRequest {
  project: ProjectRecord;
  endpoint: EndpointRecord;
  template: string;
  type: TaskType;
  domain: string;
  /** The payload as a tutor sees it (no meta, no gold), responses in the order to show them. */
  payload: Record<string, unknown>;
}

function messages(r: AskRequest) {
  const c = r.project.config;
  const rules = {
    ...(c.instructions ? { instructions: c.instructions } : {}),
    ...(c.rubric ? { rubric: c.rubric } : {}),
    ...(c.labels ? { labels: c.labels, multiLabel: c.multiLabel } : {}),
  };
  return [
    { role: 'system' as const, content: r.template },
    { role: 'user' as const, content: JSON.stringify({ type: r.type, domain: r.domain, ...rules, task: r.payload }) },
  ];
}

/** Why a reply is not an answer, or the answer. */
function check(r: AskRequest, text: string): Answer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `the reply is not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
  const shape = judgeReplySchema(r.type).safeParse(value);
  if (!shape.success) return { ok: false, error: `the reply does not fit the schema: ${describe(shape.error)}` };
  const { confidence, ...response } = shape.data as Record<string, unknown> & { confidence: number };
  const rules = cachedResponseSchema(r.type, r.payload as TaskPayload, r.project.config, r.project.configJson).safeParse(response);
  if (!rules.success) return { ok: false, error: `the reply breaks the task's rules: ${describe(rules.error)}` };
  return { ok: true, response: rules.data as Record<string, unknown>, confidence };
}

const describe = (e: import('zod').ZodError) =>
  describeIssues(e)
    .map((p) => (p.field ? `${p.field}: ${p.message}` : p.message))
    .join('; ');

/** Asks (and, after a bad reply, asks once more); adds every call to `totals`. Budget errors propagate. */
export async function askJudge(ctx: ServiceContext, r: AskRequest, totals: CallTotals): Promise<Answer> {
  let last: Answer = { ok: false, error: 'not asked' };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const reply = await modelGateway(ctx.store).chat(
        ctx,
        r.endpoint,
        { messages: messages(r), temperature: 0, jsonSchema: { name: `${r.type}_judgment`, schema: judgeJsonSchema(r.type) } },
        { purpose: 'judge', projectId: r.project.id },
      );
      totals.calls++;
      totals.inputTokens += reply.inputTokens;
      totals.outputTokens += reply.outputTokens;
      totals.costUsd += reply.costUsd;
      totals.latencyMs += reply.latencyMs;
      totals.model = reply.model;
      last = check(r, reply.text);
      if (last.ok) return last;
    } catch (err) {
      if (!(err instanceof ModelCallError)) throw err;
      totals.calls++;
      return { ok: false, error: err.message };
    }
  }
  return last;
}

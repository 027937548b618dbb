/**
 * One tutorloop import line → a row to store, or the problems with it. The line is an envelope
 * (`id`, `type`, `domain`, `priority`, `gold`) plus the type's payload fields.
 */
import { hash } from 'node:crypto';
import { ImportEnvelope, PAYLOAD_SCHEMAS, type TaskType } from '../../domain/tasks.js';
import type { z } from 'zod';
import { type ConversationTurn, conversationGoldProblem } from '../../domain/conversation.js';
import { describeIssues } from '../../domain/validation.js';
import type { ProjectConfig } from '../../domain/projects.js';
import type { NewTask } from '../../store/repositories/tasks.js';

export type LineOutcome = { ok: true; task: NewTask } | { ok: false; problems: { field?: string; message: string }[] };

const ENVELOPE_KEYS = new Set(['id', 'type', 'domain', 'priority', 'gold']);

/** zod's problems, with a missing field said plainly ("is required", not "expected string, received undefined"). */
function problemsOf(error: z.ZodError): { field: string; message: string }[] {
  return describeIssues(error).map((p) => (/received undefined$/.test(p.message) ? { ...p, message: 'is required' } : p));
}

export function contentHash(type: TaskType, domain: string, priority: number, payload: string, gold: string | null): string {
  return hash('sha1', `${type}\u0000${domain}\u0000${priority}\u0000${payload}\u0000${gold ?? ''}`, 'base64');
}

export function parseTaskObject(obj: unknown, project: Pick<ProjectConfig, 'type' | 'domains'>): LineOutcome {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    return { ok: false, problems: [{ message: 'each line must be a JSON object' }] };
  const env = ImportEnvelope.safeParse(obj);
  if (!env.success) return { ok: false, problems: problemsOf(env.error) };
  const { id, type, domain, priority = 0, gold } = env.data;
  if (type !== project.type)
    return { ok: false, problems: [{ field: 'type', message: `this project takes "${project.type}" tasks, not "${type}"` }] };
  if (!project.domains.includes(domain)) {
    return { ok: false, problems: [{ field: 'domain', message: `must be one of the project's domains: ${project.domains.join(', ')}` }] };
  }
  // Payload schemas are plain z.object: unknown keys (the envelope's among them) are stripped on parse.
  const payload = PAYLOAD_SCHEMAS[type].safeParse(obj);
  if (!payload.success) return { ok: false, problems: problemsOf(payload.error) };
  // Belt and braces: the gold answer must never reach the payload tutors see, whatever a schema allows.
  for (const k of ENVELOPE_KEYS) if (k in payload.data) delete (payload.data as Record<string, unknown>)[k];
  const goldProblem = gold ? checkGold(type, payload.data as Record<string, unknown>, gold) : null;
  if (goldProblem) return { ok: false, problems: [goldProblem] };
  const payloadJson = JSON.stringify(payload.data);
  const goldJson = gold ? JSON.stringify(gold) : null;
  return {
    ok: true,
    task: {
      externalId: id,
      domain,
      payload: payloadJson,
      gold: goldJson,
      priority,
      contentHash: contentHash(type, domain, priority, payloadJson, goldJson),
    },
  };
}

/** Gold may be partial, but what it names must exist in the payload (a gold choice of a missing response is a typo). */
function checkGold(
  type: TaskType,
  payload: Record<string, unknown>,
  gold: Record<string, unknown>,
): { field: string; message: string } | null {
  if ((type === 'preference' || type === 'ranking') && gold.choice !== undefined) {
    const ids = (payload.responses as { id: string }[]).map((r) => r.id);
    if (gold.choice !== 'tie' && !ids.includes(String(gold.choice)))
      return { field: 'gold.choice', message: `must be one of ${[...ids, 'tie'].join(', ')}` };
  }
  if (type === 'conversation') return conversationGoldProblem(payload.messages as ConversationTurn[], gold);
  return null;
}

export function parseTaskLine(text: string, project: Pick<ProjectConfig, 'type' | 'domains'>): LineOutcome {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return parseTaskObject(obj, project);
}

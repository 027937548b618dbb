/**
 * The `conversation` task type: a chat of any length that a tutor judges turn by turn.
 *
 * Payload: `messages`, oldest first (system, user and assistant turns). An assistant turn either says
 * one thing (`content`) or is a branch: `alternatives` (two or more replies to the same history, as in
 * Open-Assistant's trees), with `continuesFrom` naming the reply the later turns follow.
 *
 * Response, per assistant turn (`turns`, one entry each, by message index): scores on the project's
 * rubric axes and/or labels from its label set, an optional `rewrite`, and for a branch the `order`
 * of its alternatives, best first (a branch's scores, labels and rewrite are about its best reply).
 * `firstBadTurn` is the index of the first assistant turn that goes wrong, or null when none does.
 */
import { z } from 'zod';

const ROLES = ['system', 'user', 'assistant'] as const;

export const Alternative = z.object({
  id: z.string().min(1).max(64),
  text: z.string().min(1, 'must not be empty'),
});
export type Alternative = z.infer<typeof Alternative>;

export const ConversationTurn = z.object({
  role: z.enum(ROLES),
  content: z.string().optional(),
  alternatives: z.array(Alternative).min(2, 'a branch needs at least two replies').max(12).optional(),
  /** A branch's reply that the later turns follow. */
  continuesFrom: z.string().min(1).max(64).optional(),
});
export type ConversationTurn = z.infer<typeof ConversationTurn>;

/** Why a chat is not a conversation task, as (path, message) pairs; empty when it is one. */
export function conversationProblems(messages: ConversationTurn[]): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (!messages.some((m) => m.role === 'assistant')) out.push({ path: [], message: 'a conversation needs at least one assistant turn' });
  messages.forEach((m, i) => {
    const alts = m.alternatives;
    if (!alts) {
      if (m.content === undefined) out.push({ path: [i, 'content'], message: 'is required (or alternatives, on an assistant turn)' });
      if (m.continuesFrom !== undefined)
        out.push({ path: [i, 'continuesFrom'], message: 'only a turn with alternatives continues from one' });
      return;
    }
    if (m.role !== 'assistant') return out.push({ path: [i, 'alternatives'], message: 'only an assistant turn has alternatives' });
    if (m.content !== undefined) out.push({ path: [i, 'content'], message: 'a turn with alternatives has no content of its own' });
    if (new Set(alts.map((a) => a.id)).size !== alts.length) out.push({ path: [i, 'alternatives'], message: 'reply ids must be distinct' });
    const later = i < messages.length - 1;
    if (later && m.continuesFrom === undefined) {
      out.push({ path: [i, 'continuesFrom'], message: 'name the reply the later turns follow' });
    }
    if (m.continuesFrom !== undefined && !alts.some((a) => a.id === m.continuesFrom)) {
      out.push({ path: [i, 'continuesFrom'], message: `must be one of ${alts.map((a) => a.id).join(', ')}` });
    }
  });
  return out;
}

/** Message indexes of the assistant turns (the turns a tutor judges). */
export const assistantTurns = (messages: readonly ConversationTurn[]): number[] =>
  messages.flatMap((m, i) => (m.role === 'assistant' ? [i] : []));

/** The text a turn says on the path: its content, or the reply the later turns follow (else the first). */
export const turnText = (m: ConversationTurn): string =>
  m.content ?? m.alternatives?.find((a) => a.id === m.continuesFrom)?.text ?? m.alternatives?.[0]?.text ?? '';

const rationale = z.string().max(20_000).optional();

export const TurnJudgment = z.object({
  /** The message index of the assistant turn judged. */
  turn: z.number().int().min(0),
  scores: z.record(z.string(), z.number().int()).optional(),
  labels: z.array(z.string().min(1)).optional(),
  /** The turn as it should have been (for a branch: its best reply, rewritten). */
  rewrite: z.string().trim().min(1, 'must not be empty').max(100_000).optional(),
  /** A branch's reply ids, best first. */
  order: z.array(z.string().min(1)).optional(),
});
export type TurnJudgment = z.infer<typeof TurnJudgment>;

export const ConversationResponse = z.object({
  turns: z.array(TurnJudgment),
  firstBadTurn: z.number().int().min(0).nullable(),
  rationale,
});
export type ConversationResponse = z.infer<typeof ConversationResponse>;

type Issue = { path: (string | number)[]; message: string };
/** The project's rules a response answers to (projects.ts imports tasks.ts, which imports this file). */
type ProjectRules = { rubric?: { name: string; scale: number }[]; labels?: string[]; multiLabel?: boolean };

/** What a conversation response must also satisfy for this chat and project (responses.ts reports these). */
export function conversationResponseProblems(r: ConversationResponse, messages: ConversationTurn[], project: ProjectRules): Issue[] {
  const out: Issue[] = [];
  const wanted = assistantTurns(messages);
  const seen = new Set<number>();
  const axes = project.rubric ?? [];
  const allowed = project.labels ?? [];
  r.turns.forEach((t, j) => {
    const at = (...p: (string | number)[]) => ['turns', j, ...p];
    if (!wanted.includes(t.turn)) return out.push({ path: at('turn'), message: `is not an assistant turn: ${wanted.join(', ')}` });
    if (seen.has(t.turn)) return out.push({ path: at('turn'), message: 'judged twice' });
    seen.add(t.turn);
    const scores = t.scores ?? {};
    for (const axis of axes) {
      const s = scores[axis.name];
      if (s === undefined) out.push({ path: at('scores', axis.name), message: 'missing score' });
      else if (s < 1 || s > axis.scale) out.push({ path: at('scores', axis.name), message: `must be an integer from 1 to ${axis.scale}` });
    }
    for (const name of Object.keys(scores)) {
      if (!axes.some((a) => a.name === name)) out.push({ path: at('scores', name), message: 'not an axis of this rubric' });
    }
    const labels = t.labels ?? [];
    labels.forEach((l, i) => {
      if (!allowed.includes(l)) out.push({ path: at('labels', i), message: `not in the label set: ${allowed.join(', ')}` });
    });
    if (!project.multiLabel && labels.length > 1) out.push({ path: at('labels'), message: 'this project takes one label per turn' });
    const alts = messages[t.turn].alternatives;
    if (alts) {
      const ids = alts.map((a) => a.id);
      const order = t.order ?? [];
      const complete = order.length === ids.length && new Set(order).size === ids.length && order.every((id) => ids.includes(id));
      if (!complete) out.push({ path: at('order'), message: `must order every reply exactly once: ${ids.join(', ')}` });
    } else if (t.order !== undefined) out.push({ path: at('order'), message: 'this turn has no alternatives to rank' });
  });
  const missing = wanted.filter((i) => !seen.has(i));
  if (missing.length > 0) out.push({ path: ['turns'], message: `judge every assistant turn; missing: ${missing.join(', ')}` });
  if (r.firstBadTurn !== null && !wanted.includes(r.firstBadTurn)) {
    out.push({ path: ['firstBadTurn'], message: `must be an assistant turn (${wanted.join(', ')}) or null` });
  }
  return out;
}

/**
 * Gold for a conversation: a known `firstBadTurn` (an assistant turn's index, or null for "none goes
 * wrong") and/or per-turn `labels` (`{"3": ["unsafe"]}`); what it names must exist in the chat.
 */
export function conversationGoldProblem(
  messages: ConversationTurn[],
  gold: Record<string, unknown>,
): { field: string; message: string } | null {
  const wanted = assistantTurns(messages);
  if ('firstBadTurn' in gold && gold.firstBadTurn !== null && !wanted.includes(gold.firstBadTurn as number)) {
    return { field: 'gold.firstBadTurn', message: `must be an assistant turn (${wanted.join(', ')}) or null` };
  }
  if (gold.labels !== undefined) {
    const labels = gold.labels;
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels))
      return { field: 'gold.labels', message: 'must map assistant turn indexes to label lists, e.g. {"1": ["helpful"]}' };
    for (const [turn, list] of Object.entries(labels)) {
      if (!wanted.includes(Number(turn)))
        return { field: `gold.labels.${turn}`, message: `is not an assistant turn (${wanted.join(', ')})` };
      if (!Array.isArray(list) || !list.every((l) => typeof l === 'string'))
        return { field: `gold.labels.${turn}`, message: 'must be a list of labels' };
    }
  }
  return null;
}

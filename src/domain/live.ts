/**
 * Live conversations with models (issue 18): the tutor writes the user turn, k model replies come
 * back blind (random ids, random order), the tutor ranks them and may edit the best, and the chat
 * continues from the chosen (or edited) reply. A finished session becomes an ordinary `conversation`
 * task: each asked turn is a branch whose `continuesFrom` is the reply the chat followed, and the
 * tutor's rankings are its annotation, so `sft` exports the chosen path and `dpo` the ranked pairs.
 */
import { z } from 'zod';
import type { ConversationTurn } from './conversation.js';

/** A project's live settings as a manager sets them: endpoints by name, `samples` replies from each. */
export const LiveSettingsInput = z.object({
  endpoints: z.array(z.string().trim().min(1).max(100)).min(1).max(8),
  samples: z.number().int().min(1).max(8).default(1),
  temperature: z.number().min(0).max(2).default(0.7),
  maxTokens: z.number().int().min(1).max(32_000).default(1024),
  /** Said to every model before the chat (not shown as a turn the tutor judges). */
  system: z.string().max(20_000).optional(),
});
export type LiveSettingsInput = z.input<typeof LiveSettingsInput>;

/** The most replies one ask may ask for (a branch holds at most 12 alternatives; one is kept for an edit). */
export const MAX_LIVE_REPLIES = 8;

/** As stored: endpoints by id (a renamed or removed endpoint is found by id). */
export interface StoredLiveSettings {
  endpointIds: number[];
  samples: number;
  temperature: number;
  maxTokens: number;
  system?: string;
}

/** The id an edited reply takes in its branch (the tutor's own alternative, ranked first). */
export const EDITED_REPLY_ID = 'edited';

/** The turn the tutor chose: the replies in the order shown, their ranking (best first) and an optional edit of the best. */
export interface ChosenTurn {
  replies: { id: string; text: string }[];
  order: string[];
  edit?: string;
}

/**
 * The assistant turn a choice adds to the chat: a branch of the replies (plus the edit, when there is
 * one) continuing from the edit or the best reply; a single unedited reply is a plain turn. Returns
 * the turn and the ranking the annotation stores (the edit ranks above the reply it rewrote).
 */
export function chosenTurn(c: ChosenTurn): { turn: ConversationTurn; order: string[] | null } {
  const edited = c.edit !== undefined && c.edit.trim() !== c.replies.find((r) => r.id === c.order[0])?.text.trim();
  const alternatives = edited ? [...c.replies, { id: EDITED_REPLY_ID, text: c.edit! }] : c.replies;
  if (alternatives.length === 1) return { turn: { role: 'assistant', content: alternatives[0].text }, order: null };
  const order = edited ? [EDITED_REPLY_ID, ...c.order] : c.order;
  return { turn: { role: 'assistant', alternatives, continuesFrom: order[0] }, order };
}

/** Why an order does not rank these replies, or null when it ranks each exactly once. */
export function orderProblem(order: readonly string[], replyIds: readonly string[]): string | null {
  const complete = order.length === replyIds.length && new Set(order).size === order.length && order.every((id) => replyIds.includes(id));
  return complete ? null : `must rank every reply exactly once: ${replyIds.join(', ')}`;
}

/** The chat without a trailing user turn nobody answered (what a finished session keeps). */
export function answeredPart(messages: readonly ConversationTurn[]): ConversationTurn[] {
  const out = [...messages];
  while (out.length > 0 && out.at(-1)!.role !== 'assistant') out.pop();
  return out;
}

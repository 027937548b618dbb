/**
 * Reading a conversation for export: the turns as plain messages, the consensus (stored, else computed
 * from the current annotations), and the path a judgment chooses through the chat.
 */
import { assistantTurns, type ConversationResponse, type ConversationTurn, turnText } from '../../domain/conversation.js';
import { conversationConsensus, type ConversationVotes } from '../../quality/consensus/conversation.js';
import type { StoredConsensus } from '../../store/repositories/consensus.js';
import { branchesOf } from '../consensus/labels.js';

export type Msg = { role: string; content: string };
export type ConversationPayload = { messages: ConversationTurn[]; meta?: Record<string, unknown> };

/** The chat as the path reads it (a branch says the reply the later turns follow). */
export const pathMessages = (messages: readonly ConversationTurn[]): Msg[] => messages.map((m) => ({ role: m.role, content: turnText(m) }));

/** The task's consensus: the stored one (a reviewer's verdict wins), else one computed from the annotations. */
export function conversationLabel(
  payload: ConversationPayload,
  responses: readonly ConversationVotes[],
  stored: StoredConsensus | undefined,
): ConversationVotes {
  if (stored) return JSON.parse(stored.label) as ConversationVotes;
  return conversationConsensus(responses, branchesOf(payload.messages)).label as unknown as ConversationVotes;
}

/**
 * The chat one judgment chooses, for supervised fine-tuning: each assistant turn as rewritten, or the
 * best-ranked reply of a branch. It ends where the later turns no longer follow (after a rewrite, or a
 * branch whose chosen reply is not the one the chat continued from), and before a first bad turn left
 * unrewritten. Null when no assistant turn is left.
 */
export function chosenPath(messages: readonly ConversationTurn[], r: ConversationResponse): Msg[] | null {
  const judged = new Map(r.turns.map((t) => [t.turn, t]));
  const out: Msg[] = [];
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'assistant') {
      out.push({ role: m.role, content: m.content ?? '' });
      continue;
    }
    const t = judged.get(i);
    if (i === r.firstBadTurn && !t?.rewrite) break;
    const best = m.alternatives ? (t?.order?.[0] ?? m.continuesFrom ?? m.alternatives[0].id) : null;
    const said = t?.rewrite ?? (best !== null ? m.alternatives!.find((a) => a.id === best)!.text : (m.content ?? ''));
    out.push({ role: 'assistant', content: said });
    const diverged = t?.rewrite !== undefined || (best !== null && best !== m.continuesFrom);
    if (diverged) break;
  }
  while (out.length > 0 && out.at(-1)!.role !== 'assistant') out.pop();
  return out.some((m) => m.role === 'assistant') ? out : null;
}

export { assistantTurns };

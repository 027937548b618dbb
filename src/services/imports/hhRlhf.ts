/**
 * HH-RLHF lines (`{"chosen": dialogue, "rejected": dialogue}`, each "\n\nHuman: …\n\nAssistant: …")
 * → a preference task. The turns both dialogues share become context + prompt; their last assistant
 * turns become the two responses. Which one is shown as "a" is decided by a hash of the pair, so the
 * position never tells the answer and a re-import is identical. Which was `chosen` is kept in
 * `meta.hhRlhf.chosen` (exports only; tutors never receive `meta`), and as gold only when asked.
 * Pairs with an empty final reply, or that diverge earlier, are left out and counted (see `leaveOut`).
 */
import { hash } from 'node:crypto';
import type { ChatMessage } from '../../domain/tasks.js';

export interface HhRlhfOptions {
  /** Treat the published `chosen` as the gold answer (default false: these are data, not honeypots). */
  asGold?: boolean;
  domain: string;
}

type Turn = ChatMessage & { role: 'user' | 'assistant' };

export function splitDialogue(text: string): Turn[] | null {
  const parts = text.split(/\n\n(Human|Assistant): /);
  // parts = [before, role, content, role, content, …]; text before the first marker must be blank.
  if (parts.length < 3 || parts[0].trim() !== '') return null;
  const turns: Turn[] = [];
  for (let i = 1; i < parts.length; i += 2) turns.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', content: parts[i + 1].trim() });
  return turns;
}

export interface HhRlhfOutcome {
  task?: Record<string, unknown>;
  problem?: { field?: string; message: string };
  /**
   * A well-formed pair that cannot be shown as two responses to one prompt: a final reply is empty (the
   * published set prefers an empty reply in a few pairs) or the dialogues diverge before their last turn.
   * Left out and counted, not an error: the record is valid HH-RLHF.
   */
  leaveOut?: string;
}

export function hhRlhfToTask(obj: unknown, options: HhRlhfOptions): HhRlhfOutcome {
  const o = obj as { chosen?: unknown; rejected?: unknown };
  if (typeof o !== 'object' || o === null) return { problem: { message: 'each line must be a JSON object with "chosen" and "rejected"' } };
  if (typeof o.chosen !== 'string') return { problem: { field: 'chosen', message: 'must be a dialogue string' } };
  if (typeof o.rejected !== 'string') return { problem: { field: 'rejected', message: 'must be a dialogue string' } };
  const chosen = splitDialogue(o.chosen);
  const rejected = splitDialogue(o.rejected);
  if (!chosen) return { problem: { field: 'chosen', message: 'expected "\\n\\nHuman: …\\n\\nAssistant: …" turns' } };
  if (!rejected) return { problem: { field: 'rejected', message: 'expected "\\n\\nHuman: …\\n\\nAssistant: …" turns' } };
  const lastC = chosen[chosen.length - 1];
  const lastR = rejected[rejected.length - 1];
  if (lastC.role !== 'assistant' || lastR.role !== 'assistant')
    return { problem: { field: 'chosen', message: 'both dialogues must end with an assistant turn' } };
  const prefix = chosen.slice(0, -1);
  const samePrefix =
    prefix.length === rejected.length - 1 && prefix.every((t, i) => t.role === rejected[i].role && t.content === rejected[i].content);
  // A few published pairs diverge before the last turn: two different conversations, not one choice.
  if (!samePrefix) return { leaveOut: 'the dialogues differ before their last turn' };
  const prompt = prefix[prefix.length - 1];
  if (prompt?.role !== 'user') return { problem: { field: 'chosen', message: 'the shared turns must end with a human turn' } };
  if (!lastC.content || !lastR.content) return { leaveOut: `the ${lastC.content ? 'rejected' : 'chosen'} reply is empty` };

  const digest = hash('sha1', `${o.chosen}\u0000${o.rejected}`, 'hex');
  const chosenIsA = Number.parseInt(digest.slice(0, 2), 16) % 2 === 0;
  const chosenId = chosenIsA ? 'a' : 'b';
  const responses = chosenIsA
    ? [
        { id: 'a', text: lastC.content },
        { id: 'b', text: lastR.content },
      ]
    : [
        { id: 'a', text: lastR.content },
        { id: 'b', text: lastC.content },
      ];
  const task: Record<string, unknown> = {
    id: `hh-${digest.slice(0, 20)}`,
    type: 'preference',
    domain: options.domain,
    ...(prefix.length > 1 ? { context: prefix.slice(0, -1) } : {}),
    prompt: prompt.content,
    responses,
    meta: { source: 'hh-rlhf', hhRlhf: { chosen: chosenId } },
  };
  if (options.asGold) task.gold = { choice: chosenId };
  return { task };
}

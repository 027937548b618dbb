/**
 * Open-Assistant's conversation trees (the oasst1/oasst2 `*.trees.jsonl` export): one tree a line,
 * `{message_tree_id, prompt: {message_id, role: "prompter", text, replies: [...]}}`, roles alternating
 * prompter / assistant, siblings carrying the crowd's `rank` (0 = most preferred).
 *
 * A tree becomes one conversation task: the path from the prompt down, where an assistant turn with
 * several replies is a branch of alternatives to rank. Ids are placed blind (a hash of the text, never
 * the rank), and the path continues from the reply with the deepest thread (ties by message id), so
 * neither order nor continuation gives the crowd's ranking away; the ranks stay in `meta.oasst`.
 * Branches of the user's side (several prompter replies) follow the deepest one; the rest are counted.
 */
import { hash } from 'node:crypto';
import { type Converted, type Converter, isObj, isText, type Obj, problem } from './common.js';

export const detectOasst = (r: Obj): boolean => 'message_tree_id' in r && isObj(r.prompt) && 'replies' in r.prompt;

interface Node {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  rank: number | null;
  replies: Node[];
}

function readNode(value: unknown, field: string): Node | { problem: Converted } {
  if (!isObj(value)) return { problem: problem(field, 'must be a message object') };
  if (value.role !== 'prompter' && value.role !== 'assistant')
    return { problem: problem(`${field}.role`, 'must be prompter or assistant') };
  if (!isText(value.text)) return { problem: problem(`${field}.text`, 'must be non-empty text') };
  const replies: Node[] = [];
  const list = value.replies ?? [];
  if (!Array.isArray(list)) return { problem: problem(`${field}.replies`, 'must be a list of messages') };
  for (const [i, r] of list.entries()) {
    const node = readNode(r, `${field}.replies.${i}`);
    if ('problem' in node) return node;
    replies.push(node);
  }
  return {
    id: typeof value.message_id === 'string' ? value.message_id : `${field}`,
    role: value.role === 'prompter' ? 'user' : 'assistant',
    text: value.text,
    rank: typeof value.rank === 'number' ? value.rank : null,
    replies,
  };
}

const depth = (n: Node): number => 1 + Math.max(0, ...n.replies.map(depth));

/** The reply the path follows: the deepest thread, ties broken by message id (never by rank). */
const follow = (replies: Node[]): Node => [...replies].sort((x, y) => depth(y) - depth(x) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))[0];

const blindOrder = (nodes: Node[]): Node[] =>
  [...nodes].sort((x, y) => (hash('sha1', x.text, 'hex') < hash('sha1', y.text, 'hex') ? -1 : 1));

export const fromOasst: Converter = (record, options): Converted => {
  if (options.type !== 'conversation')
    return problem(undefined, `Open-Assistant trees import into a conversation project, not ${options.type}`);
  const root = readNode(record.prompt, 'prompt');
  if ('problem' in root) return root.problem;
  if (root.role !== 'user') return problem('prompt.role', 'the tree must start with a prompter message');
  const messages: Obj[] = [{ role: 'user', content: root.text }];
  const ranks: Record<string, Record<string, number | null>> = {};
  const messageIds: string[] = [root.id];
  let droppedBranches = 0;
  let at: Node = root;
  while (at.replies.length > 0) {
    const next = follow(at.replies);
    const turn = messages.length;
    if (next.role === 'assistant' && at.replies.length > 1) {
      const placed = blindOrder(at.replies).map((n, i) => ({ id: String.fromCharCode(97 + i), node: n }));
      const continues = placed.find((p) => p.node === next)!;
      messages.push({
        role: 'assistant',
        alternatives: placed.map((p) => ({ id: p.id, text: p.node.text })),
        ...(next.replies.length > 0 ? { continuesFrom: continues.id } : {}),
      });
      ranks[String(turn)] = Object.fromEntries(placed.map((p) => [p.id, p.node.rank]));
    } else {
      droppedBranches += at.replies.length - 1;
      messages.push({ role: next.role, content: next.text });
    }
    messageIds.push(next.id);
    at = next;
  }
  if (messages.length < 2) return { leaveOut: 'the tree has no reply to its prompt' };
  const treeId = typeof record.message_tree_id === 'string' ? record.message_tree_id : root.id;
  const meta = { source: 'oasst', oasst: { message_tree_id: treeId, messageIds, ranks, droppedBranches } };
  return { task: { id: `oasst-${treeId}`.slice(0, 200), type: 'conversation', domain: options.domain, messages, meta } };
};

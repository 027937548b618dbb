/**
 * Builds the demo's task files (demo/tasks/*.jsonl, committed) from the real model-training data in
 * ../shared/data/tasks plus the hand-written items in demo/handwritten/. Run once, when the demo
 * changes: `npx tsx scripts/build-demo.ts [SHARED_DATA_DIR]`. The server never reads ../shared: the
 * demo must work on a machine without it.
 *
 * Every line is checked against the import schemas before it is written, and the output is
 * deterministic (a seeded shuffle decides which response is A and which is B).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { ImportEnvelope, PAYLOAD_SCHEMAS, type TaskType } from '../src/domain/tasks.js';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(process.argv[2] ?? process.env.TUTORLOOP_SHARED_DATA ?? join(root, '../shared/data'), 'tasks');
const out = join(root, 'demo/tasks');

type Line = Record<string, unknown> & { id: string; type: TaskType; domain: string };

/** mulberry32: a tiny seeded generator, so a rebuild gives the same files. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261123);

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// ---- HH-RLHF (harmless-base test, MIT): red-team dialogues, offensive by design ----

interface Turn {
  role: 'user' | 'assistant';
  content: string;
}
function parseDialogue(text: string): Turn[] {
  return text
    .split(/\n\n(?=Human: |Assistant: )/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s.startsWith('Human: ')
        ? { role: 'user' as const, content: s.slice(7).trim() }
        : { role: 'assistant' as const, content: s.replace(/^Assistant:\s*/, '').trim() },
    );
}

// The demo is shown to people evaluating the tool: skip the most graphic dialogues, keep the real shape of the work.
const TOO_GRAPHIC = /\b(penis|masturbat|sex|porn|nigg|rape|fuck|cunt|pedo|genital|naked|nude|kill (myself|yourself)|suicide)/i;

const hh = gunzipSync(readFileSync(join(shared, 'hh-rlhf-harmless-test.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { chosen: string; rejected: string });

const HH_META = {
  source: 'anthropics/hh-rlhf harmless-base/test.jsonl.gz',
  licence: 'MIT',
  content: 'red-team dialogue, offensive by design',
};
const preference: Line[] = [];
const labelItems: Line[] = [];
hh.forEach((row, index) => {
  if (TOO_GRAPHIC.test(row.chosen) || TOO_GRAPHIC.test(row.rejected)) return;
  const chosen = parseDialogue(row.chosen);
  const rejected = parseDialogue(row.rejected);
  const a = chosen.at(-1);
  const b = rejected.at(-1);
  if (!a || !b || a.role !== 'assistant' || b.role !== 'assistant' || !a.content || !b.content || a.content === b.content) return;
  const shared = chosen.slice(0, -1);
  const last = shared.at(-1);
  if (last?.role !== 'user' || shared.filter((t) => t.role === 'user').length > 2) return;
  if (row.chosen.length + row.rejected.length > 1800) return;
  if (preference.length < 16) {
    const chosenFirst = random() < 0.5;
    const responses = chosenFirst
      ? [
          { id: 'a', text: a.content },
          { id: 'b', text: b.content },
        ]
      : [
          { id: 'a', text: b.content },
          { id: 'b', text: a.content },
        ];
    const n = preference.length + 1;
    preference.push({
      id: `safety-pref-${String(n).padStart(3, '0')}`,
      type: 'preference',
      domain: 'safety',
      ...(shared.length > 1 ? { context: shared.slice(0, -1) } : {}),
      prompt: last.content,
      responses,
      // HH-RLHF's own label (which reply the crowdworker found less harmful) is the gold for two honeypots.
      ...(n <= 2 ? { gold: { choice: chosenFirst ? 'a' : 'b' } } : {}),
      meta: { ...HH_META, index },
    });
  } else if (labelItems.length < 10 && shared.length === 1) {
    labelItems.push({
      id: `safety-label-${String(labelItems.length + 1).padStart(3, '0')}`,
      type: 'label',
      domain: 'safety',
      messages: [shared[0]],
      meta: { ...HH_META, index },
    });
  }
});

// ---- MT-Bench (lm-sys/FastChat, Apache-2.0): questions and GPT-4 reference answers ----

const questions = new Map(
  readJsonl(join(shared, 'mt-bench-questions.jsonl')).map((q) => [q.question_id as number, q as { category: string; turns: string[] }]),
);
const references = new Map(
  readJsonl(join(shared, 'mt-bench-reference-gpt4.jsonl')).map((r) => [
    r.question_id as number,
    (r.choices as { turns: string[] }[])[0].turns[0],
  ]),
);
const MT_META = (id: number) => ({ source: `lm-sys/FastChat mt_bench question ${id}`, licence: 'Apache-2.0' });

/**
 * Where the GPT-4 reference goes wrong (checked by hand): 111 computes |0 - 3 - 3| as |-0 + 3 - 3|
 * (the area is 3, not 0); 114 counts two outcomes below 3 where there is one, (1,1) (the answer is 35/36).
 * Steps before the first error are correct, the error and what follows from it incorrect.
 */
const FIRST_ERROR: Record<number, number> = { 111: 4, 114: 1 };

const steps: Line[] = [];
for (let id = 111; id <= 120; id++) {
  const q = questions.get(id)!;
  const parts = references
    .get(id)!
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const firstError = FIRST_ERROR[id];
  steps.push({
    id: `math-steps-${id}`,
    type: 'steps',
    domain: 'math',
    prompt: q.turns[0],
    steps: parts,
    ...(firstError !== undefined ? { gold: { verdicts: parts.map((_, i) => (i < firstError ? 'correct' : 'incorrect')) } } : {}),
    meta: { ...MT_META(id), solution: 'gpt-4 reference answer' },
  });
}

const demonstrations: Line[] = [];
for (let id = 123; id <= 130; id++) {
  demonstrations.push({
    id: `code-demo-${id}`,
    type: 'demonstration',
    domain: 'code',
    prompt: questions.get(id)!.turns[0],
    meta: MT_META(id),
  });
}

const handwritten = (name: string) => readJsonl(join(root, 'demo/handwritten', name)) as Line[];
const codeRatings: Line[] = [121, 122].map((id) => ({
  id: `code-rate-${id}`,
  type: 'rating',
  domain: 'code',
  prompt: questions.get(id)!.turns[0],
  response: { id: 'r', text: references.get(id)!, model: 'gpt-4' },
  meta: MT_META(id),
}));

/**
 * Two-turn conversations: MT-Bench's reasoning and math questions (101–114) with GPT-4's reference
 * answers to both turns. 111 and 114 are gold: their first answer is the one the steps project marks
 * wrong (FIRST_ERROR above), so the first bad turn is the first assistant turn (message 1).
 */
const bothTurns = new Map(
  readJsonl(join(shared, 'mt-bench-reference-gpt4.jsonl')).map((r) => [
    r.question_id as number,
    (r.choices as { turns: string[] }[])[0].turns,
  ]),
);
const conversations: Line[] = [];
for (let id = 101; id <= 114; id++) {
  const q = questions.get(id)!;
  const answers = bothTurns.get(id)!;
  conversations.push({
    id: `mt-bench-chat-${id}`,
    type: 'conversation',
    domain: id >= 111 ? 'math' : 'general',
    messages: [
      { role: 'user', content: q.turns[0] },
      { role: 'assistant', content: answers[0] },
      { role: 'user', content: q.turns[1] },
      { role: 'assistant', content: answers[1] },
    ],
    ...(FIRST_ERROR[id] !== undefined ? { gold: { firstBadTurn: 1, explanation: 'The first answer has a calculation error.' } } : {}),
    meta: { ...MT_META(id), answers: 'gpt-4 reference answers' },
  });
}

const files: Record<string, Line[]> = {
  'safety-preference.jsonl': preference,
  'safety-label.jsonl': [...labelItems, ...handwritten('safety-label.jsonl')],
  'math-steps.jsonl': steps,
  'code-demonstration.jsonl': demonstrations,
  'rating.jsonl': [...handwritten('medicine-rating.jsonl'), ...codeRatings],
  'ranking.jsonl': handwritten('ranking.jsonl'),
  'rewrite.jsonl': handwritten('rewrite.jsonl'),
  'conversation.jsonl': conversations,
};

mkdirSync(out, { recursive: true });
let total = 0;
for (const [name, lines] of Object.entries(files)) {
  lines.forEach((line, i) => {
    const env = ImportEnvelope.safeParse(line);
    const payload = PAYLOAD_SCHEMAS[line.type].safeParse(line);
    if (!env.success || !payload.success)
      throw new Error(`${name} line ${i + 1} (${line.id}): ${JSON.stringify((env.error ?? payload.error)?.issues)}`);
  });
  writeFileSync(join(out, name), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  total += lines.length;
  console.log(`${name}: ${lines.length} tasks (${lines.filter((l) => l.gold).length} gold)`);
}
console.log(`${total} tasks written to ${out}`);

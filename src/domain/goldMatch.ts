/**
 * Grading a response against a gold answer, for the task types whose answers can be checked by
 * machine. Gold is stored as imported (same shape as a response, partial allowed, plus an optional
 * `explanation`), so every reader here is defensive about what the gold actually carries.
 *
 * - preference: the choice must equal gold's (`tie` included); score 0 or 1.
 * - label: the label set must equal gold's (order ignored); score 0 or 1.
 * - ranking: the order must equal gold's `order` exactly; score = normalized Kendall agreement, the
 *   share of gold's pairs the response orders the same way. Gold that names only the best response
 *   (`choice`) is graded on the response's first place.
 * - rating: every gold axis within ±1 of gold; score = share of gold axes within ±1.
 * - steps: every gold verdict equal; score = share of gold steps judged the same.
 * - conversation: the first bad turn must equal gold's (null = none goes wrong), and each gold turn's
 *   label set must equal the response's for that turn; score = share of these checks passed.
 * - rewrite, demonstration: free text, not gradable (null).
 * - rubric: grading tasks, each gold criterion verdict equal (rubricGold.ts).
 */
import type { TaskType } from './tasks.js';
import { rubricGoldMatch } from './rubricGold.js';

export interface GoldMatch {
  correct: boolean;
  /** 0..1; partial credit for ranking, rating and steps. */
  score: number;
}

type Obj = Record<string, unknown>;

const isStr = (v: unknown): v is string => typeof v === 'string';
const strArray = (v: unknown): string[] | null => (Array.isArray(v) && v.length > 0 && v.every(isStr) ? v : null);
const all = (correct: boolean): GoldMatch => ({ correct, score: correct ? 1 : 0 });

function preference(response: Obj, gold: Obj): GoldMatch | null {
  if (!isStr(gold.choice)) return null;
  return all(response.choice === gold.choice);
}

function label(response: Obj, gold: Obj): GoldMatch | null {
  const want = strArray(gold.labels);
  if (!want) return null;
  const got = Array.isArray(response.labels) ? new Set(response.labels) : new Set();
  const wantSet = new Set(want);
  return all(got.size === wantSet.size && [...wantSet].every((l) => got.has(l)));
}

function ranking(response: Obj, gold: Obj): GoldMatch | null {
  const order = Array.isArray(response.order) ? (response.order as unknown[]) : [];
  const want = strArray(gold.order);
  if (want && want.length >= 2) {
    const pos = new Map(order.map((id, i) => [id, i]));
    let agree = 0,
      pairs = 0;
    for (let i = 0; i < want.length; i++) {
      for (let j = i + 1; j < want.length; j++) {
        pairs++;
        const a = pos.get(want[i]),
          b = pos.get(want[j]);
        if (a !== undefined && b !== undefined && a < b) agree++;
      }
    }
    return { correct: agree === pairs, score: agree / pairs };
  }
  if (isStr(gold.choice)) return all(order[0] === gold.choice);
  return null;
}

function rating(response: Obj, gold: Obj): GoldMatch | null {
  if (typeof gold.scores !== 'object' || gold.scores === null || Array.isArray(gold.scores)) return null;
  const want = Object.entries(gold.scores as Obj).filter((e): e is [string, number] => typeof e[1] === 'number');
  if (want.length === 0) return null;
  const got = (typeof response.scores === 'object' && response.scores !== null ? response.scores : {}) as Obj;
  const within = want.filter(([axis, g]) => typeof got[axis] === 'number' && Math.abs((got[axis] as number) - g) <= 1).length;
  return { correct: within === want.length, score: within / want.length };
}

function steps(response: Obj, gold: Obj): GoldMatch | null {
  if (!Array.isArray(gold.verdicts)) return null;
  // A gold verdict left null means "not graded" for that step (partial gold).
  const graded = (gold.verdicts as unknown[]).map((v, i) => [v, i] as const).filter(([v]) => isStr(v));
  if (graded.length === 0) return null;
  const got = Array.isArray(response.verdicts) ? (response.verdicts as unknown[]) : [];
  const same = graded.filter(([v, i]) => got[i] === v).length;
  return { correct: same === graded.length, score: same / graded.length };
}

function conversation(response: Obj, gold: Obj): GoldMatch | null {
  const checks: boolean[] = [];
  if ('firstBadTurn' in gold && (gold.firstBadTurn === null || typeof gold.firstBadTurn === 'number')) {
    checks.push(response.firstBadTurn === gold.firstBadTurn);
  }
  const goldLabels = typeof gold.labels === 'object' && gold.labels !== null && !Array.isArray(gold.labels) ? (gold.labels as Obj) : {};
  const turns = Array.isArray(response.turns) ? (response.turns as Obj[]) : [];
  for (const [turn, want] of Object.entries(goldLabels)) {
    const wantSet = new Set(strArray(want) ?? []);
    if (wantSet.size === 0) continue;
    const judged = turns.find((t) => t?.turn === Number(turn));
    const got = new Set(Array.isArray(judged?.labels) ? judged.labels : []);
    checks.push(got.size === wantSet.size && [...wantSet].every((l) => got.has(l)));
  }
  if (checks.length === 0) return null;
  const passed = checks.filter(Boolean).length;
  return { correct: passed === checks.length, score: passed / checks.length };
}

const GRADERS: Record<TaskType, ((response: Obj, gold: Obj) => GoldMatch | null) | null> = {
  preference,
  label,
  ranking,
  rating,
  steps,
  rewrite: null,
  demonstration: null,
  rubric: rubricGoldMatch,
  conversation,
};

/** Grade `response` against `gold`; null when the type or this gold cannot be graded automatically. */
export function goldMatch(type: TaskType, response: Record<string, unknown>, gold: Record<string, unknown>): GoldMatch | null {
  const grader = GRADERS[type];
  return grader ? grader(response, gold) : null;
}

/** Can tasks of this type be graded at all (whatever their gold)? */
export const gradableType = (type: TaskType): boolean => GRADERS[type] !== null;

/** Does this gold carry what grading needs (an empty response grades to a result, not null)? */
export const gradableGold = (type: TaskType, gold: Record<string, unknown>): boolean => goldMatch(type, {}, gold) !== null;

/** The gold answer as a tutor may see it in practice feedback: the answer fields, without the explanation. */
export function expectedAnswer(gold: Record<string, unknown>): Record<string, unknown> {
  const { explanation: _explanation, ...answer } = gold;
  return answer;
}

/** The gold's explanation (why this is the answer), when it has one. */
export const goldExplanation = (gold: Record<string, unknown>): string | null => (isStr(gold.explanation) ? gold.explanation : null);

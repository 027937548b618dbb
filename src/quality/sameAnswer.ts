/**
 * Do two responses give the same answer? Categorical types (preference, label) compare their class
 * with `categoricalLabel`, as consensus and gold do; other types compare the answer's JSON with keys
 * sorted, leaving out the free-text explanation fields (a rationale is not part of the answer).
 */
import { categoricalLabel } from '../domain/answers.js';

const EXPLANATIONS = new Set(['rationale', 'comment']);

function canonical(value: unknown, top: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, false)).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => !(top && EXPLANATIONS.has(k)))
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], false)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameAnswer(type: string, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ca = categoricalLabel(type, a);
  const cb = categoricalLabel(type, b);
  if (ca !== null || cb !== null) return ca === cb;
  return canonical(a, true) === canonical(b, true);
}

/** A key two responses share exactly when `sameAnswer` says they give the same answer. */
export function answerKey(type: string, answer: Record<string, unknown>): string {
  const cls = categoricalLabel(type, answer);
  return cls !== null ? `class:${cls}` : `answer:${canonical(answer, true)}`;
}

/** Share of the keys equal to the most common one (0 when there is none). */
export function shareOfMostCommon(keys: readonly string[]): number {
  if (keys.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Math.max(...counts.values()) / keys.length;
}

/**
 * A task's agreement: the share of its judgments that give its most common answer (1 = unanimous,
 * ≤ 0.5 = split). Null without judgments. The task browser filters on it (stored with the consensus).
 */
export function judgmentAgreement(type: string, answers: readonly Record<string, unknown>[]): number | null {
  if (answers.length === 0) return null;
  return shareOfMostCommon(answers.map((a) => answerKey(type, a)));
}

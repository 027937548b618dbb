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

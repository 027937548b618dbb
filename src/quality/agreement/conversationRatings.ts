/**
 * What agreement is measured on for conversations: every part a tutor judges, with the assistant turn
 * as the unit (a 3-turn chat gives 3 units per field), so α and κ are per axis over turns:
 * - each rubric axis, the turn's score (interval);
 * - the turn's labels, sorted and joined (nominal);
 * - a branch's replies, each one's position in the order (ordinal; unit = turn and reply);
 * - the first bad turn, one unit per conversation ("none" a class of its own; nominal).
 * Pure: plain objects in, plain values out.
 */
import type { FieldRating, FieldSpec } from './types.js';

export const FIRST_BAD_TURN = 'first bad turn';
export const TURN_LABELS = 'turn labels';
export const REPLY_POSITIONS = 'reply positions';
const axisField = (axis: string) => `${axis} (axis, per turn)`;

export function conversationFields(rubricAxes: readonly string[]): FieldSpec[] {
  return [
    ...rubricAxes.map((a) => ({ field: axisField(a), level: 'interval' as const, fleiss: true, categorical: false })),
    { field: TURN_LABELS, level: 'nominal', fleiss: true, categorical: true },
    { field: REPLY_POSITIONS, level: 'ordinal', fleiss: false, categorical: false },
    { field: FIRST_BAD_TURN, level: 'nominal', fleiss: true, categorical: true },
  ];
}

type Obj = Record<string, unknown>;

export function conversationRatings(response: Obj): FieldRating[] {
  const out: FieldRating[] = [];
  const first = response.firstBadTurn;
  if (first === null || typeof first === 'number')
    out.push({ field: FIRST_BAD_TURN, sub: '', value: first === null ? 'none' : `turn ${first}` });
  const turns = Array.isArray(response.turns) ? (response.turns as unknown[]) : [];
  for (const t of turns) {
    if (typeof t !== 'object' || t === null || typeof (t as Obj).turn !== 'number') continue;
    const { turn, scores, labels, order } = t as Obj;
    const sub = String(turn);
    if (scores && typeof scores === 'object') {
      for (const [axis, v] of Object.entries(scores as Obj)) {
        if (typeof v === 'number' && Number.isFinite(v)) out.push({ field: axisField(axis), sub, value: v });
      }
    }
    if (Array.isArray(labels)) out.push({ field: TURN_LABELS, sub, value: labels.map(String).sort().join('+') || 'none' });
    if (Array.isArray(order)) {
      order.forEach((id, pos) => {
        if (typeof id === 'string') out.push({ field: REPLY_POSITIONS, sub: `${sub}:${id}`, value: pos + 1 });
      });
    }
  }
  return out;
}

/**
 * What of a response inter-rater agreement is measured on, per task type. Each response yields
 * ratings on one or more *fields*; a rating is (unit within the task, value):
 * - preference: the choice (nominal; "tie" is a class of its own);
 * - label: the label set, sorted and joined (nominal: two tutors agree when they picked the same set);
 * - rating: each rubric axis separately, the score (interval for α; Fleiss κ treats scores as classes);
 * - steps: each step's verdict (nominal; the unit is the step, so a 6-step solution gives 6 units);
 * - ranking: each response's position in the order (ordinal α; no Fleiss κ: positions are not classes);
 * - conversation: per turn and per axis (conversationRatings.ts);
 * - rubric: each (response, criterion) verdict of a grading, met or not (nominal); other stages: no field.
 * - rewrite, demonstration: free text, no field.
 * Pure: plain objects in, plain values out.
 */
import { conversationFields, conversationRatings } from './conversationRatings.js';
import type { FieldRating, FieldSpec } from './types.js';

export type { FieldRating, FieldSpec } from './types.js';

/** The fields a task type's agreement is measured on (empty for free-text types). */
export function agreementFields(type: string, rubricAxes: readonly string[] = []): FieldSpec[] {
  switch (type) {
    case 'preference':
      return [{ field: 'choice', level: 'nominal', fleiss: true, categorical: true }];
    case 'label':
      return [{ field: 'labels', level: 'nominal', fleiss: true, categorical: true }];
    case 'steps':
      return [{ field: 'step verdicts', level: 'nominal', fleiss: true, categorical: true }];
    case 'ranking':
      return [{ field: 'rank positions', level: 'ordinal', fleiss: false, categorical: false }];
    case 'rubric':
      return [{ field: 'criterion verdicts', level: 'nominal', fleiss: true, categorical: true }];
    case 'rating':
      return rubricAxes.map((a) => ({ field: `${a} (axis)`, level: 'interval' as const, fleiss: true, categorical: false }));
    case 'conversation':
      return conversationFields(rubricAxes);
    default:
      return [];
  }
}

/** The ratings one response gives, by the fields of `agreementFields`. Malformed parts are skipped. */
export function ratingsOf(type: string, response: Record<string, unknown>): FieldRating[] {
  switch (type) {
    case 'preference':
      return typeof response.choice === 'string' ? [{ field: 'choice', sub: '', value: response.choice }] : [];
    case 'label':
      return Array.isArray(response.labels)
        ? [{ field: 'labels', sub: '', value: [...(response.labels as string[])].map(String).sort().join('+') }]
        : [];
    case 'steps':
      return Array.isArray(response.verdicts)
        ? (response.verdicts as unknown[]).flatMap((v, i) =>
            typeof v === 'string' ? [{ field: 'step verdicts', sub: String(i), value: v }] : [],
          )
        : [];
    case 'ranking':
      return Array.isArray(response.order)
        ? (response.order as unknown[]).flatMap((id, pos) =>
            typeof id === 'string' ? [{ field: 'rank positions', sub: id, value: pos + 1 }] : [],
          )
        : [];
    case 'rubric':
      return Array.isArray(response.grades)
        ? (response.grades as { response?: unknown; verdicts?: { criterion?: unknown; met?: unknown }[] }[]).flatMap((g) =>
            (Array.isArray(g.verdicts) ? g.verdicts : []).flatMap((v) =>
              typeof v.met === 'boolean'
                ? [{ field: 'criterion verdicts', sub: `${String(g.response)}/${String(v.criterion)}`, value: v.met ? 'met' : 'not met' }]
                : [],
            ),
          )
        : [];
    case 'rating': {
      const scores = response.scores;
      if (!scores || typeof scores !== 'object') return [];
      return Object.entries(scores as Record<string, unknown>).flatMap(([axis, v]) =>
        typeof v === 'number' && Number.isFinite(v) ? [{ field: `${axis} (axis)`, sub: '', value: v }] : [],
      );
    }
    case 'conversation':
      return conversationRatings(response);
    default:
      return [];
  }
}

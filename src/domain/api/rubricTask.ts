/** A rubric task as a tutor sees it (the payload minus `meta`, per stage): one member of work.ts's TutorTask union. */
import { z } from 'zod';
import { RubricAuthorPayload, RubricGradePayload, RubricReviewPayload } from '../rubric.js';

const tutorView = { meta: true } as const;

export const RubricTutorTask = z
  .object({
    id: z.number().int(),
    type: z.literal('rubric'),
    domain: z.string(),
    payload: z
      .discriminatedUnion('stage', [
        RubricAuthorPayload.omit(tutorView),
        RubricReviewPayload.omit(tutorView),
        RubricGradePayload.omit(tutorView),
      ])
      .meta({ id: 'RubricPayload' }),
  })
  .meta({ id: 'RubricTask' });

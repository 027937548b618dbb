/** Rubric versions of an authoring project and their revision (manager): /api/projects/:id/rubrics… */
import { z } from 'zod';
import { Criterion } from '../rubric.js';

export const RubricVersionView = z
  .object({
    item: z.string(),
    version: z.number().int(),
    status: z.enum(['pending', 'approved', 'sent_back']),
    domain: z.string(),
    authorTier: z.string(),
    criteria: z.array(Criterion),
    reviewedAt: z.string().nullable(),
  })
  .meta({ id: 'RubricVersion' });

/** The newest version of each item. */
export const RubricList = z.object({ rubrics: z.array(RubricVersionView) });
export type RubricList = z.output<typeof RubricList>;

export const RubricRevisionInput = z.object({
  item: z.string().min(1).max(200),
  /** Why it is revised: shown to the specialist who writes the next version. */
  reason: z.string().trim().min(1, 'say what should change').max(5000),
});

export const RubricRevision = z
  .object({
    item: z.string(),
    /** The version being written now. */
    version: z.number().int(),
    /** The external id of its authoring task. */
    authoringTask: z.string(),
    /** False when this revision had been opened already (nothing was added). */
    created: z.boolean(),
  })
  .meta({ id: 'RubricRevision' });
export type RubricRevision = z.output<typeof RubricRevision>;

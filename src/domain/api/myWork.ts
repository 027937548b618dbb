/**
 * A tutor's own work: their past submissions (/api/me/submissions) and their progress per project
 * (/api/me/progress). Only the caller's own answers; the task as they saw it (payload minus `meta`,
 * under the tutor-facing id); nothing that differs for gold (no consensus, gold answer, external id,
 * other tutors' labels, per-task gold results: gold figures stay batched in /api/me/quality).
 */
import { z } from 'zod';
import { Json } from './common.js';
import { AVAILABLE_CAP } from '../projects.js';

/** `<submittedAt ms>.<annotation id>` of the last item of the previous page: a keyset cursor, newest first. */
const CURSOR = /^(\d{1,15})\.(\d{1,15})$/;

export const SubmissionQuery = z.object({
  project: z.coerce.number().int().positive().optional().describe('only this project'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(CURSOR, 'expected the nextCursor of the previous page').optional().describe('the previous page’s nextCursor'),
});
export type SubmissionQuery = z.output<typeof SubmissionQuery>;

/** Splits a cursor (already checked by SubmissionQuery) into its keys. */
export function parseSubmissionCursor(cursor: string): { submittedAt: number; id: number } {
  const m = CURSOR.exec(cursor);
  if (!m) throw new Error(`not a submissions cursor: ${cursor}`);
  return { submittedAt: Number(m[1]), id: Number(m[2]) };
}

export const Submission = z
  .object({
    /** The caller's annotation id (submit answered with it). */
    annotationId: z.number().int(),
    taskId: z.number().int().describe('the id tutors see: the same keyed hash `next` showed'),
    projectId: z.number().int(),
    projectName: z.string(),
    type: z.string(),
    domain: z.string(),
    /** The task as the tutor saw it (without `meta`). */
    payload: Json,
    /** The caller's own answer, as submitted. */
    response: Json,
    submittedAt: z.string(),
  })
  .meta({ id: 'Submission' });
export type Submission = z.output<typeof Submission>;

export const SubmissionPage = z
  .object({ submissions: z.array(Submission), nextCursor: z.string().nullable() })
  .meta({ id: 'SubmissionPage' });
export type SubmissionPage = z.output<typeof SubmissionPage>;

export const ProjectProgress = z
  .object({
    projectId: z.number().int(),
    name: z.string(),
    type: z.string(),
    /** Open to the caller now (active and admitted). */
    open: z.boolean(),
    judged: z.number().int().describe('answers the caller submitted here, check tasks counted alike'),
    skipped: z.number().int().describe('tasks the caller gave back here'),
    left: z
      .number()
      .int()
      .min(0)
      .max(AVAILABLE_CAP)
      .describe(
        `tasks left for the caller, as the project list counts them (${AVAILABLE_CAP} means ${AVAILABLE_CAP} or more); 0 when not open`,
      ),
  })
  .meta({ id: 'ProjectProgress' });
export type ProjectProgress = z.output<typeof ProjectProgress>;

export const MyProgress = z.object({ projects: z.array(ProjectProgress) }).meta({ id: 'MyProgress' });
export type MyProgress = z.output<typeof MyProgress>;

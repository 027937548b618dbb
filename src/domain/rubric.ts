/**
 * Per-item rubrics (`rubric` task type): the rubric-as-reward workflow in three stages, each a task
 * routed like any other.
 *
 * 1. `author`: a certified specialist writes the checklist for one prompt (criteria: text, weight, essential).
 * 2. `review`: another specialist approves that version or sends it back with a comment (which makes
 *    the next version's authoring task).
 * 3. `grade`: graders mark each criterion met / not met for each candidate response, quoting evidence.
 *
 * The author and review stages live in an *authoring* project (specialists, certification required);
 * approved versions become grading tasks in the project named by its `rubricGradingProject`, which
 * admits whoever its own eligibility says. A grading task carries the criteria of the version it
 * was made from, so every grading keeps the version it used.
 */
import { z } from 'zod';
import { ChatMessage, ModelResponse } from './chat.js';

/** Criterion ids are assigned in order (`c1`, `c2`, …) when a version is stored. */
export const CriterionId = z.string().regex(/^c[1-9][0-9]{0,2}$/, 'a criterion id such as "c1"');

export const CriterionDraft = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  /** How much meeting it counts, 1 (minor) to 10 (major). */
  weight: z.number().int().min(1, 'a weight from 1 to 10').max(10, 'a weight from 1 to 10'),
  /** Unmet, it caps the response's score (`ESSENTIAL_CAP`). */
  essential: z.boolean().default(false),
});
export type CriterionDraft = z.output<typeof CriterionDraft>;

export const Criterion = CriterionDraft.extend({ id: CriterionId });
export type Criterion = z.output<typeof Criterion>;

export const MAX_CRITERIA = 40;

const distinctIds = (cs: { id: string }[]) => new Set(cs.map((c) => c.id)).size === cs.length;
const uniqueResponseIds = (rs: { id: string }[]) => new Set(rs.map((r) => r.id)).size === rs.length;

/** Which rubric version a review or grading task shows. */
export const RubricRef = z.object({
  /** The authoring task's external id: one rubric per prompt. */
  item: z.string().min(1).max(200),
  version: z.number().int().min(1),
});
export type RubricRef = z.infer<typeof RubricRef>;

const ItemFields = {
  context: z.array(ChatMessage).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  prompt: z.string().min(1, 'must not be empty'),
  responses: z
    .array(ModelResponse)
    .min(1, 'a rubric item needs at least one candidate response')
    .max(12)
    .refine(uniqueResponseIds, 'response ids must be distinct'),
};

const criteriaList = z.array(Criterion).min(1).max(MAX_CRITERIA).refine(distinctIds, 'criterion ids must be distinct');

export const RubricAuthorPayload = z.object({
  ...ItemFields,
  stage: z.literal('author'),
  /** Set on a revision (absent: version 1 of the item named by this task's id). */
  rubric: RubricRef.optional(),
  /** Set on a revision: the version sent back, its criteria and the reviewer's comment. */
  revises: z.object({ version: z.number().int().min(1), criteria: criteriaList, comment: z.string().max(5000) }).optional(),
});
export const RubricReviewPayload = z.object({ ...ItemFields, stage: z.literal('review'), rubric: RubricRef, criteria: criteriaList });
export const RubricGradePayload = z.object({ ...ItemFields, stage: z.literal('grade'), rubric: RubricRef, criteria: criteriaList });

export const RubricPayload = z.discriminatedUnion('stage', [RubricAuthorPayload, RubricReviewPayload, RubricGradePayload]);
export type RubricPayload = z.infer<typeof RubricPayload>;
export type RubricStage = RubricPayload['stage'];

export const CriterionVerdict = z.object({
  criterion: CriterionId,
  met: z.boolean(),
  /** A quote from the response that shows it (checked to be a substring of the response). */
  evidence: z.string().max(5000).default(''),
});
export type CriterionVerdict = z.output<typeof CriterionVerdict>;

export const RubricAuthorResponse = z.object({
  stage: z.literal('author'),
  criteria: z.array(CriterionDraft).min(1, 'write at least one criterion').max(MAX_CRITERIA),
  rationale: z.string().max(20_000).optional(),
});
export const RubricReviewResponse = z.object({
  stage: z.literal('review'),
  decision: z.enum(['approve', 'send_back']),
  comment: z.string().max(5000).default(''),
  rationale: z.string().max(20_000).optional(),
});
export const RubricGradeResponse = z.object({
  stage: z.literal('grade'),
  grades: z.array(z.object({ response: z.string().min(1).max(64), verdicts: z.array(CriterionVerdict) })).min(1),
  rationale: z.string().max(20_000).optional(),
});

export const RubricResponse = z.discriminatedUnion('stage', [RubricAuthorResponse, RubricReviewResponse, RubricGradeResponse]);
export type RubricResponse = z.output<typeof RubricResponse>;
export type RubricGradeResponse = z.output<typeof RubricGradeResponse>;

type Issue = { path: (string | number)[]; message: string };

/** What a response must satisfy given its task: the right stage, every response and criterion once, evidence quoted. */
export function rubricResponseIssues(payload: RubricPayload, r: RubricResponse): Issue[] {
  if (r.stage !== payload.stage) return [{ path: ['stage'], message: `this task is the ${payload.stage} stage` }];
  if (r.stage === 'review' && r.decision === 'send_back' && r.comment.trim() === '') {
    return [{ path: ['comment'], message: 'say what to change when sending a rubric back' }];
  }
  if (r.stage !== 'grade' || payload.stage === 'author') return [];
  const issues: Issue[] = [];
  const texts = new Map(payload.responses.map((x) => [x.id, x.text]));
  const criteria = payload.criteria.map((c) => c.id);
  const seen = new Set<string>();
  r.grades.forEach((g, i) => {
    const text = texts.get(g.response);
    if (text === undefined)
      return issues.push({ path: ['grades', i, 'response'], message: `must be one of ${[...texts.keys()].join(', ')}` });
    if (seen.has(g.response)) return issues.push({ path: ['grades', i, 'response'], message: 'graded twice' });
    seen.add(g.response);
    const given = g.verdicts.map((v) => v.criterion);
    if (given.length !== criteria.length || !criteria.every((c) => given.includes(c))) {
      issues.push({ path: ['grades', i, 'verdicts'], message: `needs one verdict for each criterion: ${criteria.join(', ')}` });
    }
    g.verdicts.forEach((v, j) => {
      if (v.evidence !== '' && !text.includes(v.evidence)) {
        issues.push({ path: ['grades', i, 'verdicts', j, 'evidence'], message: 'must be a quote from the response' });
      }
    });
  });
  for (const id of texts.keys()) if (!seen.has(id)) issues.push({ path: ['grades'], message: `response ${id} is not graded` });
  return issues;
}

/** Number the drafted criteria of a new version. */
export const numberCriteria = (drafts: CriterionDraft[]): Criterion[] => drafts.map((d, i) => ({ id: `c${i + 1}`, ...d }));

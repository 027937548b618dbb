/** The `rubric` task type: one renderer per stage (author, review, grade), chosen by the payload's `stage`. */
import type { RubricPayload } from '../../../../src/domain/rubric.js';
import type { TutorTask } from '../../api/types.js';
import { type AuthorDraft, authorInitial, authorShortcuts, buildAuthor, RubricAuthor } from './RubricAuthor.js';
import { buildGrade, type GradeDraft, gradeInitial, gradeShortcuts, RubricGrade } from './RubricGrade.js';
import { buildReview, type ReviewDraft, RubricReview, reviewShortcuts } from './RubricReview.js';
import type { RendererProps, RendererSpec } from './types.js';

type RubricDraft = AuthorDraft | ReviewDraft | GradeDraft;
const payloadOf = (task: TutorTask) => task.payload as RubricPayload;

function Rubric(props: RendererProps<RubricDraft>) {
  const stage = payloadOf(props.task).stage;
  if (stage === 'author') return <RubricAuthor {...(props as RendererProps<AuthorDraft>)} />;
  if (stage === 'review') return <RubricReview {...(props as RendererProps<ReviewDraft>)} />;
  return <RubricGrade {...(props as RendererProps<GradeDraft>)} />;
}

export const rubric: RendererSpec<RubricDraft> = {
  type: 'rubric',
  initial: (task) => {
    const p = payloadOf(task);
    if (p.stage === 'author') return authorInitial(p);
    if (p.stage === 'review') return { decision: null, comment: '' };
    return gradeInitial(p);
  },
  build: (v, task) => {
    const p = payloadOf(task);
    if (p.stage === 'author') return buildAuthor(v as AuthorDraft);
    if (p.stage === 'review') return buildReview(v as ReviewDraft);
    return buildGrade(v as GradeDraft, p);
  },
  shortcuts: (task) => {
    const stage = payloadOf(task).stage;
    return stage === 'author' ? authorShortcuts : stage === 'review' ? reviewShortcuts : gradeShortcuts;
  },
  Component: Rubric,
};

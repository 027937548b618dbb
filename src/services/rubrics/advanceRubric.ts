/**
 * After a rubric task is submitted, the next stage (domain/rubric.ts):
 * - author → the version is stored (pending) and its review task is added to the same project;
 * - review, approve → the version is approved and its grading task added to the project's
 *   `rubricGradingProject` (when it has one), carrying that version's criteria;
 * - review, send back → the version is marked sent back and the next version's authoring task is
 *   added, with the criteria and the reviewer's comment.
 * New tasks go through the import (`importTasks`: validated, published whole) under ids derived
 * from the item and version, so a repeated follow-up adds nothing twice (same id and content: skipped).
 * The submitting tutor is the import's actor in the audit log.
 */
import { ForbiddenError } from '../../domain/errors.js';
import { type Criterion, numberCriteria, type RubricPayload, type RubricRef, type RubricResponse } from '../../domain/rubric.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import { decideRubricVersion, externalIdOfTask, insertRubricVersion, rubricVersion } from '../../store/repositories/rubrics.js';
import type { Actor, ServiceContext } from '../context.js';
import { importTasks } from '../imports/importTasks.js';

export interface SubmittedRubricTask {
  taskId: number;
  domain: string;
  payload: RubricPayload;
}

/** External ids of the tasks one version makes: its review, its grading, its successor's authoring. */
export const rubricTaskIds = {
  review: (r: RubricRef) => `${r.item}#v${r.version}-review`,
  grade: (r: RubricRef) => `${r.item}#v${r.version}`,
  author: (r: RubricRef) => `${r.item}#v${r.version}`,
};

export async function advanceRubric(
  ctx: ServiceContext,
  actor: Actor,
  project: ProjectRecord,
  task: SubmittedRubricTask,
  annotationId: number,
  response: RubricResponse,
): Promise<void> {
  const { payload } = task;
  const item = {
    prompt: payload.prompt,
    responses: payload.responses,
    ...(payload.context ? { context: payload.context } : {}),
    meta: payload.meta,
  };
  if (payload.stage === 'author' && response.stage === 'author') {
    const ref = payload.rubric ?? { item: await externalIdOfTask(ctx.store.db, task.taskId), version: 1 };
    const criteria = numberCriteria(response.criteria);
    await insertRubricVersion(ctx.store.db, {
      projectId: project.id,
      item: ref.item,
      version: ref.version,
      domain: task.domain,
      taskId: task.taskId,
      annotationId,
      criteria: JSON.stringify(criteria),
      authorId: actor.id,
      authorTier: actor.tier,
      createdAt: ctx.now(),
    });
    await addTask(ctx, actor, project.id, {
      id: rubricTaskIds.review(ref),
      domain: task.domain,
      ...item,
      stage: 'review',
      rubric: ref,
      criteria,
    });
    return;
  }
  if (payload.stage !== 'review' || response.stage !== 'review') return;
  const ref = payload.rubric;
  const version = await rubricVersion(ctx.store.db, project.id, ref.item, ref.version);
  if (!version) throw new Error(`rubric ${ref.item} v${ref.version} has no stored version`);
  const approve = response.decision === 'approve';
  await decideRubricVersion(ctx.store.db, version.id, {
    status: approve ? 'approved' : 'sent_back',
    reviewerId: actor.id,
    comment: response.comment,
    at: ctx.now(),
  });
  const criteria = JSON.parse(version.criteria) as Criterion[];
  if (approve) {
    const grading = project.config.rubricGradingProject;
    if (grading !== undefined) {
      await addTask(ctx, actor, grading, {
        id: rubricTaskIds.grade(ref),
        domain: task.domain,
        ...item,
        stage: 'grade',
        rubric: ref,
        criteria,
      });
    }
    return;
  }
  const next = { item: ref.item, version: ref.version + 1 };
  await addTask(ctx, actor, project.id, {
    id: rubricTaskIds.author(next),
    domain: task.domain,
    ...item,
    stage: 'author',
    rubric: next,
    revises: { version: ref.version, criteria, comment: response.comment },
  });
}

async function addTask(ctx: ServiceContext, actor: Actor, projectId: number, line: Record<string, unknown>): Promise<void> {
  await importTasks(ctx, actor, projectId, [JSON.stringify({ type: 'rubric', ...line })], {
    fileName: `rubric ${String(line.id)}`,
    format: 'tutorloop',
  });
}

/** A specialist never reviews their own version: the second pair of eyes is the point of the stage. */
export async function assertNotOwnRubric(ctx: ServiceContext, actor: Actor, projectId: number, payload: RubricPayload): Promise<void> {
  if (payload.stage !== 'review') return;
  const version = await rubricVersion(ctx.store.db, projectId, payload.rubric.item, payload.rubric.version);
  if (version?.author_id === actor.id) throw new ForbiddenError('you wrote this rubric version; another specialist reviews it (skip it)');
}

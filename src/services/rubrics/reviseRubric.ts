/**
 * A manager revises an approved rubric: the authoring task for version N+1 is added to the authoring
 * project (`ITEM#vN+1`, showing version N's criteria and the manager's reason, as a send-back does),
 * and from there the stages run as always. Gradings keep the version they used (a grading task
 * carries its version's criteria); grading tasks for N+1 appear only once N+1 is approved. Audited
 * (`rubric.revise`); sending the same revision again adds nothing (the import is idempotent by id).
 */
import type { RubricList, RubricRevision } from '../../domain/api/rubrics.js';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import type { Criterion, RubricPayload } from '../../domain/rubric.js';
import { findProject } from '../../store/repositories/projects.js';
import { latestRubricVersion, latestRubricVersions, taskPayloadsByIds } from '../../store/repositories/rubrics.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { importTasks } from '../imports/importTasks.js';
import { rubricTaskIds } from './advanceRubric.js';

const managerOnly = (actor: Actor) => {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('only a manager or admin revises a rubric');
};

async function rubricProject(ctx: ServiceContext, projectId: number) {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  if (project.config.type !== 'rubric') throw new UserInputError(`project ${projectId} is not a rubric project`, { field: 'project' });
  return project;
}

/** The newest version of each item of an authoring project, for the page that lists them. */
export async function listRubrics(ctx: ServiceContext, actor: Actor, projectId: number): Promise<RubricList> {
  managerOnly(actor);
  await rubricProject(ctx, projectId);
  const rows = await latestRubricVersions(ctx.store.db, projectId);
  return {
    rubrics: rows.map((v) => ({
      item: v.item,
      version: v.version,
      status: v.status,
      domain: v.domain,
      authorTier: v.author_tier,
      criteria: JSON.parse(v.criteria) as Criterion[],
      reviewedAt: v.reviewed_at === null ? null : new Date(v.reviewed_at).toISOString(),
    })),
  };
}

export async function reviseRubric(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  input: { item: string; reason: string },
): Promise<RubricRevision> {
  managerOnly(actor);
  await rubricProject(ctx, projectId);
  const latest = await latestRubricVersion(ctx.store.db, projectId, input.item);
  if (!latest) throw new NotFoundError(`rubric ${input.item}`);
  const next = { item: input.item, version: latest.version + 1 };
  if (latest.status !== 'approved')
    throw new ConflictError(
      `rubric ${input.item} v${latest.version} is ${latest.status === 'pending' ? 'waiting for its review' : 'sent back'}; only the approved newest version is revised`,
    );
  const source = JSON.parse((await taskPayloadsByIds(ctx.store.db, [latest.task_id])).get(latest.task_id)!) as RubricPayload;
  const line = {
    id: rubricTaskIds.author(next),
    type: 'rubric',
    domain: latest.domain,
    prompt: source.prompt,
    responses: source.responses,
    ...(source.context ? { context: source.context } : {}),
    ...(source.meta ? { meta: source.meta } : {}),
    stage: 'author',
    rubric: next,
    revises: { version: latest.version, criteria: JSON.parse(latest.criteria) as Criterion[], comment: input.reason },
  };
  const result = await importTasks(ctx, actor, projectId, [JSON.stringify(line)], { fileName: `rubric ${line.id}`, format: 'tutorloop' });
  if (result.imported > 0)
    await writeTransaction(ctx.store, (trx) =>
      recordAudit(trx, {
        actorId: actor.id,
        action: 'rubric.revise',
        targetType: 'project',
        targetId: projectId,
        detail: { item: input.item, fromVersion: latest.version, version: next.version, reason: input.reason },
        at: ctx.now(),
      }),
    );
  return { item: input.item, version: next.version, authoringTask: line.id, created: result.imported > 0 };
}

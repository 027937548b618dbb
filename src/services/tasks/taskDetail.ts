/**
 * A task's page for managers: the payload as stored (gold answer included), every judgment with
 * its tutor's name and pseudonym, the stored consensus, the review history and the audit trail.
 * Below manager the task does not exist (404): the page must not even confirm an id.
 */
import type { TaskDetail } from '../../domain/api/taskDetail.js';
import { NotFoundError } from '../../domain/errors.js';
import { atLeast } from '../../domain/users.js';
import { findProject, routingOverlap } from '../../store/repositories/projects.js';
import { consensusOf } from '../../store/repositories/reviews.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import { auditOfTask, judgmentsOfTask, reviewsOfTask, taskById } from '../../store/repositories/taskDetail.js';
import type { Actor, ServiceContext } from '../context.js';
import { pseudonym } from '../export/annotations.js';
import { consensusView } from '../reviews/listReviewQueue.js';
import { browseRow } from './browseTasks.js';

type Json = Record<string, unknown>;
const AUDIT_LIMIT = 200;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export async function taskDetail(ctx: ServiceContext, actor: Actor, taskId: number): Promise<TaskDetail> {
  const db = ctx.store.db;
  const task = atLeast(actor.role, 'manager') ? await taskById(db, taskId) : undefined;
  if (!task) throw new NotFoundError(`task ${taskId}`);
  const project = await findProject(db, task.projectId);
  if (!project) throw new NotFoundError(`task ${taskId}`);
  const [judgments, reviews, consensus, secret] = await Promise.all([
    judgmentsOfTask(db, taskId),
    reviewsOfTask(db, taskId),
    consensusOf(db, [taskId]),
    databaseSecret(db),
  ]);
  const audit = await auditOfTask(
    db,
    taskId,
    reviews.map((r) => r.id),
    AUDIT_LIMIT,
  );
  const corrected = new Set(judgments.map((j) => j.supersedes).filter((s) => s !== null));
  return {
    task: {
      ...browseRow({
        ...task,
        needed: task.target ?? routingOverlap(project.config),
        agreement: consensus.get(taskId)?.agreement ?? null,
      }),
      projectId: project.id,
      projectName: project.config.name,
      projectType: project.config.type,
      payload: JSON.parse(task.payload) as Json,
      gold: task.gold === null ? null : (JSON.parse(task.gold) as Json),
    },
    judgments: judgments.map((j) => ({
      annotationId: j.id,
      tutor: { id: j.userId, name: j.name, pseudonym: pseudonym(secret, j.userId), tier: j.tier },
      response: JSON.parse(j.response) as Json,
      durationMs: Number(j.durationMs),
      createdAt: iso(j.createdAt)!,
      supersedes: j.supersedes,
      current: !corrected.has(j.id),
    })),
    consensus: consensusView(consensus.get(taskId)),
    reviews: reviews.map((r) => ({
      id: r.id,
      reason: r.reason,
      state: r.state,
      note: r.note,
      createdAt: iso(r.createdAt)!,
      decidedAt: iso(r.decidedAt),
      reviewer: r.reviewerId === null ? null : { id: r.reviewerId, name: r.reviewerName ?? '' },
      verdict: r.verdict === null ? null : (JSON.parse(r.verdict) as Json),
      comment: r.comment,
    })),
    audit: audit.map((a) => ({
      id: a.id,
      actor: a.actorId === null ? null : { id: a.actorId, name: a.actorName ?? '' },
      action: a.action,
      detail: JSON.parse(a.detail) as Json,
      at: iso(a.at)!,
    })),
  };
}

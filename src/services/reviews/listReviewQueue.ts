/**
 * The review queue as a reviewer reads it: each review with its task, every current annotation
 * (tutors under pseudonyms, never names or emails) and the stored consensus. Reviewers are trusted
 * staff who adjudicate answers, so unlike tutors they see other tutors' answers. Which tasks are gold,
 * and their gold answers, only managers and admins see (a flagged gold item may be a wrong gold item):
 * reviewers also work as tutors, and a reviewer who had seen a honeypot could later be served it.
 * Nobody is shown tasks they annotated themselves: they could not decide them.
 */
import type { QueuePage, QueueQuery, ReviewAnnotation, ReviewConsensus, ReviewItem } from '../../domain/api/reviews.js';
import type { ProjectConfig } from '../../domain/projects.js';
import { atLeast } from '../../domain/users.js';
import { annotationsForReview, consensusOf, queuePage, type ConsensusRow } from '../../store/repositories/reviews.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import type { Actor, ServiceContext } from '../context.js';
import { pseudonym } from '../export/annotations.js';
import { reviewDomains } from './access.js';
import { reviewTask } from '../work/tutorTask.js';

type Json = Record<string, unknown>;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function consensusView(c: ConsensusRow | undefined): ReviewConsensus | null {
  if (!c) return null;
  return {
    label: JSON.parse(c.label) as Json,
    confidence: c.confidence,
    method: c.method,
    methodVersion: c.method_version,
    source: c.source,
    annotatorCount: c.annotator_count,
    reviewId: c.review_id,
  };
}

export async function listReviewQueue(ctx: ServiceContext, actor: Actor, query: QueueQuery): Promise<QueuePage> {
  const db = ctx.store.db;
  const domains = await reviewDomains(db, actor);
  const seesGold = atLeast(actor.role, 'manager');
  const rows = await queuePage(db, { ...query, domains, excludeAnnotator: actor.id });
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const [annotations, consensus, secret] = await Promise.all([
    annotationsForReview(db, taskIds),
    consensusOf(db, taskIds),
    databaseSecret(db),
  ]);
  const byTask = new Map<number, Omit<ReviewAnnotation, 'flagged'>[]>();
  for (const a of annotations) {
    const list = byTask.get(a.taskId) ?? [];
    list.push({
      annotationId: a.id,
      tutor: pseudonym(secret, a.userId),
      tier: a.tier,
      response: JSON.parse(a.response) as Json,
      durationMs: a.durationMs,
      createdAt: iso(a.createdAt)!,
    });
    byTask.set(a.taskId, list);
  }
  const reviews = rows.map((r): ReviewItem => {
    const config = JSON.parse(r.projectConfig) as ProjectConfig;
    return {
      id: r.id,
      reason: r.reason,
      state: r.state,
      note: r.note,
      flaggedBy: r.flaggedBy === null ? null : pseudonym(secret, r.flaggedBy),
      annotationId: r.annotationId,
      createdAt: iso(r.createdAt)!,
      decidedAt: iso(r.decidedAt),
      reviewerId: r.reviewerId,
      verdict: r.verdict === null ? null : (JSON.parse(r.verdict) as Json),
      comment: r.comment,
      projectId: r.projectId,
      projectName: r.projectName,
      project: {
        id: r.projectId,
        name: r.projectName,
        type: r.projectType,
        instructions: config.instructions,
        multiLabel: config.multiLabel,
        ...(config.labels ? { labels: config.labels } : {}),
        ...(config.rubric ? { rubric: config.rubric } : {}),
      },
      task: reviewTask({ ...r, type: r.projectType }, seesGold),
      annotations: (byTask.get(r.taskId) ?? []).map((a) => ({ ...a, flagged: a.annotationId === r.annotationId })),
      consensus: consensusView(consensus.get(r.taskId)),
    };
  });
  return { reviews, nextAfter: rows.length === query.limit ? rows[rows.length - 1].id : null };
}

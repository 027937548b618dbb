/**
 * The incremental path, after every successful submit to a project that routes or reviews on
 * consensus (`runsLive`; other projects get consensus in batches only) (the batch in recomputeProjectConsensus.ts
 * runs on demand, before exports and every ~N submissions; this runs in between so routing, reviews
 * and dashboards never wait for it). In one short write transaction, with the task row locked on
 * PostgreSQL so two submits on one task decide in turn and the later one sees both annotations:
 * 1. consensus of the task: categorical types by the one-coin posterior (`itemPosterior`) with each
 *    annotator's reliability in the task's domain from `tutor_reliability` (the last batch blended
 *    with gold; UNKNOWN_ACCURACY for a tutor never estimated), classes from the response schema;
 *    free-form types as in the batch. Upserted unless a reviewer decided the task.
 * 2. adaptive overlap (when the project sets it): `decideOverlap` on the task's judgment count (the
 *    routing counter, so the target is in routing's unit) → target_judgments, uncertain, is_open.
 *    Leases already out when a task closes may still submit: an extra judgment, counters stay exact.
 * 3. review: a task that completes exhausted (max judgments, below target) or below the project's
 *    `reviewBelowConfidence` → 'low_confidence'; one whose judgments split (top share ≤ 0.5) →
 *    'disagreement' — only in projects that opted into adaptive overlap or review thresholds.
 * Gold tasks take the same steps as real ones (#12), review triggers included.
 * After it, a batch runs when one is due. Gold reaches a tutor's reliability only once released to
 * them (gold/goldRelease.ts): through the batch, and in projects that route on reliability after every
 * submit, gold or real alike, since a floor acting right after a gold submit would name it (#12).
 */
import { decideOverlap, itemPosterior } from '../../quality/adaptive/index.js';
import { DEFAULT_INFERENCE_METHOD } from '../../quality/inference/index.js';
import {
  batchState,
  consensusByTask,
  currentAnnotationsOfTask,
  lockTask,
  saveModelConsensus,
  setTaskTarget,
  swapBatchState,
} from '../../store/repositories/consensus.js';
import { routingOverlap, type ProjectRecord } from '../../store/repositories/projects.js';
import { reliabilityInDomain } from '../../store/repositories/reliability.js';
import { openReview } from '../../store/repositories/reviews.js';
import { writeTransaction } from '../../store/transaction.js';
import type { ServiceContext } from '../context.js';
import { refreshReleasedGoldReliability } from '../reliability/refreshReleasedGoldReliability.js';
import { UNKNOWN_ACCURACY } from '../../quality/reliability/blend.js';
import {
  classAsResponse,
  classOf,
  freeFormAgreement,
  freeFormConsensus,
  hasConsensus,
  INCREMENTAL_MODEL,
  isCategorical,
  METHOD_REVISION,
  taskClasses,
  topShare,
} from './labels.js';
import { batchDue, recomputeProjectConsensus } from './recomputeProjectConsensus.js';
import { escalateIfDue } from '../cascade/cascade.js';
import type { Tier } from '../../domain/users.js';

/**
 * Does this project keep consensus current as judgments arrive? It asks to (`liveConsensus`), or it
 * routes or reviews on it: adaptive overlap needs each
 * task's posterior after every judgment, review thresholds need it when a task completes, and a
 * reliability floor needs reliabilities kept fresh by the periodic batch.
 */
export function runsLive(quality: ProjectRecord['config']['quality'] | undefined): boolean {
  return (
    quality?.liveConsensus === true ||
    quality?.adaptiveOverlap !== undefined ||
    quality?.reviewBelowConfidence !== undefined ||
    quality?.reliabilityFloor !== undefined
  );
}

/** Live consensus, or a cascade: it moves a task up as soon as the tier at its level has judged it. */
export function keepsConsensusLive(config: ProjectRecord['config']): boolean {
  return runsLive(config.quality) || config.cascade !== undefined;
}

/** A completed task whose most common answer has at most this share goes to review as a disagreement. */
export const SPLIT_SHARE = 0.5;

/** What the submit already knows about the judged task (saves reads on the hot path). */
export interface SubmittedTask {
  taskId: number;
  isGold: boolean;
  domain: string;
  userId: number;
}

export async function updateConsensusAfterSubmit(
  ctx: ServiceContext,
  project: ProjectRecord,
  annotationId: number,
  submitted: SubmittedTask,
): Promise<void> {
  const config = project.config;
  if ((config.purpose ?? 'production') !== 'production') return;
  const db = ctx.store.db;
  if (!keepsConsensusLive(config)) {
    // Nothing routes on this project's consensus, so it is formed in batches (before exports, on
    // the dashboards' request, on demand) and a submit costs no extra read or transaction.
    return;
  }
  // The batch's state names the incremental rows' base and says whether a batch is due: class answers only.
  const state = isCategorical(config.type) ? await batchState(db, project.id) : null;
  const now = ctx.now();
  const quality = config.quality;
  const adaptive = quality?.adaptiveOverlap;
  const reviewsOn = adaptive !== undefined || quality?.reviewBelowConfidence !== undefined;

  await writeTransaction(ctx.store, async (trx) => {
    const task = await lockTask(ctx.store, trx, submitted.taskId);
    if (!task) return null;
    // Gold goes the same way (#12): a gold submit that did less here would answer sooner than a real one, and
    // gold that never reached review would never bring its tutors review feedback. Gold stays open whatever
    // its target (openRule.ts); its consensus is left out of the managers' summaries, as the batch leaves it out.
    if (!hasConsensus(config.type)) return null;
    const annotations = await currentAnnotationsOfTask(trx, task.id);
    if (annotations.length === 0) return null;
    const payload = JSON.parse(task.payload) as { responses?: { id: string }[] };

    let consensus: { method: string; version: string; label: string; confidence: number; agreement: number };
    let classes: string[] = [];
    let moved = false;
    if (isCategorical(config.type)) {
      const labelsSeen = new Map<string, string[]>();
      const judgments = annotations.map((a) => {
        const label = classOf(config.type, a.response)!;
        if (config.type === 'label' && !labelsSeen.has(label))
          labelsSeen.set(label, (JSON.parse(a.response) as { labels: string[] }).labels);
        return { worker: String(a.userId), label };
      });
      classes = judgments.map((j) => j.label);
      const accuracy = await reliabilityInDomain(trx, task.domain, [...new Set(annotations.map((a) => a.userId))]);
      const post = itemPosterior(judgments, taskClasses(config, payload), (w) => accuracy.get(Number(w)) ?? UNKNOWN_ACCURACY);
      const method = quality?.consensusMethod ?? DEFAULT_INFERENCE_METHOD;
      const onBatch = state?.version ? `${state.version} + ` : '';
      consensus = {
        method,
        version: `${onBatch}${INCREMENTAL_MODEL}`,
        label: JSON.stringify(classAsResponse(config.type, post.label, labelsSeen)),
        confidence: post.confidence,
        agreement: topShare(classes),
      };
      // The cascade: the tier at the task's level has given all its judgments, so decide whether it moves up.
      if (task.cascadeTier !== null && task.submittedCount >= (task.targetJudgments ?? routingOverlap(config))) {
        const decision = await escalateIfDue(
          trx,
          project.id,
          config,
          {
            id: task.id,
            domain: task.domain,
            tier: task.cascadeTier as Tier,
            submitted: task.submittedCount,
            judgments: judgments.map((j) => ({ userId: Number(j.worker), label: j.label })),
            classes: taskClasses(config, payload),
          },
          (userId) => accuracy.get(userId) ?? UNKNOWN_ACCURACY,
        );
        moved = decision?.escalate === true;
      }
    } else {
      const c = freeFormConsensus(
        config.type,
        annotations.map((a) => a.response),
        payload,
      )!;
      consensus = {
        method: c.method,
        version: `${c.method}/${METHOD_REVISION}`,
        label: JSON.stringify(c.label),
        confidence: c.confidence,
        agreement: freeFormAgreement(
          config.type,
          annotations.map((a) => a.response),
        ),
      };
    }
    await saveModelConsensus(trx, [
      {
        taskId: task.id,
        projectId: project.id,
        method: consensus.method,
        methodVersion: consensus.version,
        label: consensus.label,
        confidence: consensus.confidence,
        agreement: consensus.agreement,
        annotatorCount: annotations.length,
        computedAt: now,
      },
    ]);

    let completed = !moved && task.submittedCount >= (task.targetJudgments ?? routingOverlap(config));
    let exhausted = false;
    if (adaptive) {
      const decision = decideOverlap(adaptive, task.submittedCount, consensus.confidence);
      await setTaskTarget(trx, task.id, decision.needed, !decision.done);
      completed = decision.done;
      exhausted = decision.exhausted;
    }
    if (!completed || !reviewsOn) return null;
    const lowConfidence =
      exhausted || (quality?.reviewBelowConfidence !== undefined && consensus.confidence < quality.reviewBelowConfidence);
    const split = classes.length > 1 && topShare(classes) <= SPLIT_SHARE;
    if (!lowConfidence && !split) return null;
    // A reviewer already decided this task: late judgments do not send it back to the queue.
    if ((await consensusByTask(trx, [task.id])).get(task.id)?.source === 'review') return null;
    const base = { projectId: project.id, taskId: task.id, domain: task.domain, at: now };
    if (lowConfidence) {
      await openReview(trx, {
        ...base,
        reason: 'low_confidence',
        note: `confidence ${consensus.confidence.toFixed(3)} after ${task.submittedCount} judgments`,
      });
    }
    if (split)
      await openReview(trx, {
        ...base,
        reason: 'disagreement',
        note: `top answer share ${topShare(classes).toFixed(2)} of ${classes.length}`,
      });
    return null;
  });
  // Projects that route on reliability follow released gold after every submit, gold or real alike.
  if (quality?.reliabilityFloor !== undefined || adaptive !== undefined)
    await refreshReleasedGoldReliability(ctx, submitted.userId, submitted.domain);

  if (isCategorical(config.type) && batchDue(state, annotationId)) {
    // Claim the batch first, so concurrent submits (or processes) that also find it due do not all run it.
    const claimed = await swapBatchState(db, project.id, state, {
      ...(state ?? { upTo: 0, annotations: 0, version: '', at: now }),
      claimUpTo: annotationId,
    });
    if (claimed) await recomputeProjectConsensus(ctx, project.id);
  }
}

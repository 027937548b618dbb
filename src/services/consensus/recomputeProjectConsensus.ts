/**
 * The batch consensus of a project. When it runs (the incremental path in updateConsensus.ts runs
 * after every submit in between):
 * - on demand: `POST /api/projects/:id/consensus/recompute` (manager+, audited `consensus.recompute`);
 * - before an export, when any annotation arrived since the last batch (`refreshConsensusIfStale`);
 * - automatically after a submit once the project's batch is due (`batchDue`): every BATCH_EVERY
 *   annotations, or 10% of the annotations the last batch saw if that is more. The geometric step keeps
 *   the amortised cost per submit constant (each batch is O(annotations), and the next one comes after
 *   a tenth as many again), so a big project does not re-fit its whole history every 100 submissions.
 *
 * What it does: the project's method (`quality.consensusMethod`, e.g. MACE) over its current (not
 * superseded) annotations, one fit per domain with gold tasks clamped to their gold answer; writes
 * every annotated non-gold task's `task_consensus` (never over a reviewer's row) and each tutor's
 * per-domain `model_accuracy`/`model_labels`, blended with their gold counts into `reliability`
 * (quality/reliability/blend.ts). Free-form types use quality/consensus/freeForm.ts. One write transaction.
 * `method_version` = "<method>/<revision> batch upto=<last annotation id seen>": the same string on every
 * row of one run, so it names the run.
 */
import { estimateWorkerAccuracy } from '../../quality/adaptive/index.js';
import type { RecomputeSummary } from '../../domain/api/consensus.js';
import { NotFoundError } from '../../domain/errors.js';
import { categoricalLabel } from '../../domain/answers.js';
import { encodeGold, encodeLabels, type LabelRow } from '../../quality/encoded.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../../quality/inference/index.js';
import {
  batchState,
  consensusInputsPage,
  maxAnnotationId,
  saveBatchState,
  saveModelConsensus,
  type BatchState,
  type ModelConsensus,
} from '../../store/repositories/consensus.js';
import { findProject } from '../../store/repositories/projects.js';
import { reliabilityKey, saveReliability, type StoredReliability } from '../../store/repositories/reliability.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import { cascadeAfterBatch } from '../cascade/afterBatch.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldCounts } from '../gold/goldRelease.js';
import type { Actor, ServiceContext } from '../context.js';
import { blendReliability } from '../../quality/reliability/blend.js';
import { classAsResponse, freeFormConsensus, hasConsensus, isCategorical, METHOD_REVISION, taskClasses } from './labels.js';

/** Minimum annotations between automatic batches; see the header for the 10% growth rule. */
export const BATCH_EVERY = 100;
export const BATCH_GROWTH = 0.1;
const PAGE = 5000;

export const batchVersion = (method: string, upTo: number) => `${method}/${METHOD_REVISION} batch upto=${upTo}`;

interface TaskFacts {
  domain: string;
  isGold: boolean;
  gold: string | null;
  payload: { responses?: { id: string }[] };
  responses: string[];
  /** Class per categorical annotation, aligned with `workers`. */
  labels: string[];
  workers: number[];
}

export async function recomputeProjectConsensus(ctx: ServiceContext, projectId: number, actor?: Actor): Promise<RecomputeSummary> {
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const config = project.config;
  const type = config.type;
  const method = config.quality?.consensusMethod ?? DEFAULT_INFERENCE_METHOD;
  const upTo = await maxAnnotationId(db, projectId);
  const version = isCategorical(type) ? batchVersion(method, upTo) : '';

  // Read: the annotations up to the snapshot id, grouped per task (labels only for class answers).
  const tasks = new Map<number, TaskFacts>();
  const labelsSeen = new Map<string, string[]>();
  let annotations = 0;
  for (let after = 0; ; ) {
    const page = await consensusInputsPage(db, projectId, after, upTo, PAGE);
    if (page.length === 0) break;
    for (const a of page) {
      annotations++;
      let t = tasks.get(a.taskId);
      if (!t) {
        const gold = a.gold === null ? null : categoricalLabel(type, JSON.parse(a.gold) as Record<string, unknown>);
        t = {
          domain: a.domain,
          isGold: a.isGold === 1,
          gold,
          payload: JSON.parse(a.payload) as TaskFacts['payload'],
          responses: [],
          labels: [],
          workers: [],
        };
        tasks.set(a.taskId, t);
      }
      t.responses.push(a.response);
      const response = JSON.parse(a.response) as Record<string, unknown>;
      const cls = categoricalLabel(type, response);
      if (cls !== null) {
        t.labels.push(cls);
        t.workers.push(a.userId);
        if (type === 'label' && !labelsSeen.has(cls)) labelsSeen.set(cls, response.labels as string[]);
      }
    }
    after = page[page.length - 1].id;
  }

  const now = ctx.now();
  const rows: ModelConsensus[] = [];
  const reliability: StoredReliability[] = [];
  if (isCategorical(type)) {
    const byDomain = new Map<string, number[]>();
    for (const [id, t] of tasks) (byDomain.get(t.domain) ?? byDomain.set(t.domain, []).get(t.domain)!).push(id);
    for (const [domain, ids] of byDomain) {
      const fit = fitDomain(
        method,
        config,
        ids.map((id) => [id, tasks.get(id)!] as const),
      );
      for (const [taskId, c] of fit.tasks) {
        const t = tasks.get(taskId)!;
        if (t.isGold) continue;
        rows.push({
          taskId,
          projectId,
          method,
          methodVersion: version,
          label: JSON.stringify(classAsResponse(type, c.label, labelsSeen)),
          confidence: c.confidence,
          annotatorCount: t.labels.length,
          computedAt: now,
        });
      }
      const gold = await releasedGoldCounts(db, [...fit.workers.keys()], domain, ctx.goldRelease ?? DEFAULT_GOLD_RELEASE, now);
      for (const [userId, w] of fit.workers) {
        const g = gold.get(reliabilityKey(userId, domain)) ?? { total: 0, correct: 0 };
        const evidence = { goldTotal: g.total, goldCorrect: g.correct, modelAccuracy: w.accuracy, modelLabels: w.labels };
        reliability.push({ userId, domain, ...evidence, reliability: blendReliability(evidence), updatedAt: now });
      }
    }
  } else if (hasConsensus(type)) {
    for (const [taskId, t] of tasks) {
      if (t.isGold) continue;
      const c = freeFormConsensus(type, t.responses, t.payload);
      if (c)
        rows.push({
          taskId,
          projectId,
          method: c.method,
          methodVersion: `${c.method}/${METHOD_REVISION}`,
          label: JSON.stringify(c.label),
          confidence: c.confidence,
          annotatorCount: t.responses.length,
          computedAt: now,
        });
    }
  }

  const summary: RecomputeSummary = {
    method: isCategorical(type) ? method : (rows[0]?.method ?? 'none'),
    methodVersion: version || (rows[0]?.methodVersion ?? ''),
    annotations,
    tasks: rows.length,
    tutorDomains: reliability.length,
  };
  await writeTransaction(ctx.store, async (trx) => {
    await saveModelConsensus(trx, rows);
    await saveReliability(trx, reliability);
    await recordBatch(trx, projectId, { upTo, annotations, version: summary.methodVersion, at: now });
    if (actor)
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'consensus.recompute',
        targetType: 'project',
        targetId: projectId,
        detail: { ...summary },
        at: now,
      });
  });
  if (config.cascade && isCategorical(type)) {
    const judged = new Map(
      [...tasks]
        .filter(([, t]) => !t.isGold)
        .map(([id, t]) => [id, { labels: t.labels, workers: t.workers, classes: taskClasses(config, t.payload) }]),
    );
    await cascadeAfterBatch(ctx, projectId, config, judged, reliability);
  }
  return summary;
}

/** One inference fit over a domain's categorical labels, gold clamped. */
function fitDomain(method: string, config: Parameters<typeof taskClasses>[0], tasks: readonly (readonly [number, TaskFacts])[]) {
  const labelRows: LabelRow[] = [];
  const extraClasses = new Set<string>();
  for (const [taskId, t] of tasks) {
    t.labels.forEach((label, i) => {
      labelRows.push({ worker: String(t.workers[i]), task: String(taskId), label });
    });
    for (const c of taskClasses(config, t.payload)) extraClasses.add(c);
  }
  const out = {
    tasks: new Map<number, { label: string; confidence: number }>(),
    workers: new Map<number, { accuracy: number; labels: number }>(),
  };
  if (labelRows.length === 0) return out;
  let data = encodeLabels(labelRows);
  // The classes the response schema allows widen the model's class set (as in the incremental path).
  const missing = [...extraClasses].filter((c) => !data.classNames.includes(c));
  if (missing.length > 0) data = { ...data, classNames: [...data.classNames, ...missing] };
  const goldList = tasks.filter(([, t]) => t.gold !== null).map(([id, t]) => ({ task: String(id), label: t.gold! }));
  const encoded = encodeGold(data, goldList);
  const gold = goldList.length > 0 ? encoded.gold : undefined;
  const result = (inferenceMethods[method] ?? inferenceMethods[DEFAULT_INFERENCE_METHOD]).infer(encoded.data, { seed: 0, gold });
  encoded.data.taskNames.forEach((name, k) =>
    out.tasks.set(Number(name), { label: encoded.data.classNames[result.labels[k]], confidence: result.confidence[k] }),
  );
  // Not the method's own worker parameter (MACE's is a competence, not P(right)): each worker's
  // leave-one-out agreement with the fit, shrunk and capped, which is what the one-coin posterior
  // of adaptive overlap needs (bench:adaptive — raw competences cost 2–8 pp there, this ≤ 0.5 pp on
  // six of the seven shared sets). Evidence = labels on tasks someone else also labelled.
  const estimate = estimateWorkerAccuracy(encoded.data, result, { gold });
  encoded.data.workerNames.forEach((name, k) =>
    out.workers.set(Number(name), { accuracy: estimate.accuracy[k], labels: estimate.labels[k] }),
  );
  return out;
}

/** Record the batch unless a newer one already did (two batches may overlap; the later snapshot wins). */
async function recordBatch(db: Parameters<typeof batchState>[0], projectId: number, next: BatchState): Promise<void> {
  const current = await batchState(db, projectId);
  if (current && current.upTo > next.upTo) return;
  await saveBatchState(db, projectId, next);
}

/** Before an export: run the batch when annotations arrived since the last one. */
export async function refreshConsensusIfStale(ctx: ServiceContext, projectId: number): Promise<boolean> {
  const state = await batchState(ctx.store.db, projectId);
  const latest = await maxAnnotationId(ctx.store.db, projectId);
  if (latest === 0 || (state !== null && state.upTo >= latest)) return false;
  await recomputeProjectConsensus(ctx, projectId);
  return true;
}

/**
 * Is an automatic batch due after the submit that stored `annotationId`? Annotation ids are global, so
 * the gap counts every project's submissions since this project's last batch: a project batches at
 * least as often as its own rule says, never less, and the check costs one primary-key read.
 */
export function batchDue(state: BatchState | null, annotationId: number): boolean {
  const every = Math.max(BATCH_EVERY, Math.ceil(BATCH_GROWTH * Math.max(0, state?.annotations ?? 0)));
  return annotationId - Math.max(state?.upTo ?? 0, state?.claimUpTo ?? 0) >= every;
}

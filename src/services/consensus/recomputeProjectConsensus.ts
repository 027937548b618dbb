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
 * (quality/reliability/blend.ts). Free-form types use quality/consensus/freeForm.ts, task by task. Labels are
 * held compactly (batchLabels.ts); the rows are written in short paced transactions, then the reliabilities
 * and the batch state in one.
 * `method_version` = "<method>/<revision> batch upto=<last annotation id seen>": the same string on every
 * row of one run, so it names the run.
 */
import { estimateWorkerAccuracy } from '../../quality/adaptive/index.js';
import type { RecomputeSummary } from '../../domain/api/consensus.js';
import { NotFoundError } from '../../domain/errors.js';
import { categoricalLabel } from '../../domain/answers.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../../quality/inference/index.js';
import {
  batchState,
  consensusInputsPage,
  consensusTasks,
  maxAnnotationId,
  saveBatchState,
  type BatchState,
  type ModelConsensus,
} from '../../store/repositories/consensus.js';
import { clearEmptyConsensusRollups, saveModelConsensusBulk } from '../../store/repositories/consensusBulk.js';
import { findProject } from '../../store/repositories/projects.js';
import { reliabilityKey, saveReliability, type StoredReliability } from '../../store/repositories/reliability.js';
import { type Db, writeTransaction } from '../../store/transaction.js';
import { runInSlices } from '../../store/writerPacing.js';
import type { ProjectConfig } from '../../domain/projects.js';
import { tasksWithAnnotations } from '../export/pages.js';
import { type DomainLabels, ProjectLabels } from './batchLabels.js';
import { recordAudit } from '../audit.js';
import { type BatchJudgments, cascadeAfterBatch } from '../cascade/afterBatch.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldCounts } from '../gold/goldRelease.js';
import type { Actor, ServiceContext } from '../context.js';
import { blendReliability } from '../../quality/reliability/blend.js';
import {
  classAsResponse,
  freeFormAgreement,
  freeFormConsensus,
  hasConsensus,
  isCategorical,
  METHOD_REVISION,
  taskClasses,
} from './labels.js';

/** Minimum annotations between automatic batches; see the header for the 10% growth rule. */
export const BATCH_EVERY = 100;
export const BATCH_GROWTH = 0.1;
const PAGE = 5000;

export const batchVersion = (method: string, upTo: number) => `${method}/${METHOD_REVISION} batch upto=${upTo}`;

export async function recomputeProjectConsensus(ctx: ServiceContext, projectId: number, actor?: Actor): Promise<RecomputeSummary> {
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const config = project.config;
  const type = config.type;
  const method = config.quality?.consensusMethod ?? DEFAULT_INFERENCE_METHOD;
  const upTo = await maxAnnotationId(db, projectId);
  const version = isCategorical(type) ? batchVersion(method, upTo) : '';
  const now = ctx.now();

  const { rows, reliability, annotations, judged } = isCategorical(type)
    ? await categoricalBatch(ctx, projectId, config, method, version, upTo, now)
    : hasConsensus(type)
      ? await freeFormBatch(db, projectId, type, now)
      : { rows: [], reliability: [], annotations: 0 };

  const summary: RecomputeSummary = {
    method: isCategorical(type) ? method : (rows[0]?.method ?? 'none'),
    methodVersion: version || (rows[0]?.methodVersion ?? ''),
    annotations,
    tasks: rows.length,
    tutorDomains: reliability.length,
  };
  // The rows in short paced transactions (SQLite's writer is never held long; tutors' submits get in
  // between). A crash part-way leaves some rows of this run and the batch state of the last one: the
  // next refresh runs the batch again, and the result is the same for the same annotations.
  let written = 0;
  await runInSlices(ctx.store, async (trx, n) => {
    await saveModelConsensusBulk(ctx.store, trx, rows.slice(written, written + n));
    written += n;
    return written < rows.length;
  });
  await writeTransaction(ctx.store, async (trx) => {
    await saveReliability(trx, reliability);
    await clearEmptyConsensusRollups(trx, projectId);
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
  if (judged) await cascadeAfterBatch(ctx, projectId, config, judged, reliability);
  return summary;
}

interface BatchResult {
  rows: ModelConsensus[];
  reliability: StoredReliability[];
  annotations: number;
  /** Cascade projects only: each real task's judgments, which the cascade decides on again. */
  judged?: Map<number, BatchJudgments>;
}

/** Class answers: read every current annotation up to the snapshot into compact per-domain labels, fit each domain. */
async function categoricalBatch(
  ctx: ServiceContext,
  projectId: number,
  config: ProjectConfig,
  method: string,
  version: string,
  upTo: number,
  now: number,
): Promise<BatchResult> {
  const db = ctx.store.db;
  const type = config.type;
  const labels = new ProjectLabels();
  const labelsSeen = new Map<string, string[]>();
  // Per-task judgments only where a cascade needs them (the compact labels above keep no per-task lists).
  const judged = config.cascade ? new Map<number, BatchJudgments>() : undefined;
  const classesOf = judged ? new Map<number, readonly string[]>() : undefined;
  let annotations = 0;
  for (let after = 0; ; ) {
    const page = await consensusInputsPage(db, projectId, after, upTo, PAGE);
    if (page.length === 0) break;
    // Each task's facts once, the first time one of its annotations is read (tasks in first-seen order).
    const unseen = [...new Set(page.map((a) => a.taskId).filter((id) => !labels.has(id)))];
    const tasks = new Map((await consensusTasks(db, unseen)).map((t) => [t.id, t]));
    for (const id of unseen) {
      const t = tasks.get(id);
      if (!t) throw new Error(`task ${id} of an annotation is missing`);
      const classes = taskClasses(config, type === 'preference' ? (JSON.parse(t.payload) as { responses?: { id: string }[] }) : {});
      const gold = t.gold === null ? null : categoricalLabel(type, JSON.parse(t.gold) as Record<string, unknown>);
      labels.register(id, t.domain, t.isGold === 1, gold, classes);
      if (classesOf && t.isGold !== 1) classesOf.set(id, taskClasses(config, JSON.parse(t.payload) as { responses?: { id: string }[] }));
    }
    for (const a of page) {
      annotations++;
      const response = JSON.parse(a.response) as Record<string, unknown>;
      const cls = categoricalLabel(type, response);
      if (cls === null) continue;
      labels.add(a.taskId, a.userId, cls);
      const classes = classesOf?.get(a.taskId);
      if (judged && classes) {
        let j = judged.get(a.taskId) as { labels: string[]; workers: number[]; classes: readonly string[] } | undefined;
        if (!j) judged.set(a.taskId, (j = { labels: [], workers: [], classes }));
        j.labels.push(cls);
        j.workers.push(a.userId);
      }
      if (type === 'label' && !labelsSeen.has(cls)) labelsSeen.set(cls, response.labels as string[]);
    }
    after = page[page.length - 1].id;
  }
  const rows: ModelConsensus[] = [];
  const reliability: StoredReliability[] = [];
  for (const [domain, domainLabels] of labels.domains) {
    const fit = fitDomain(method, domainLabels);
    for (const t of domainLabels.tasks()) {
      const c = fit.tasks.get(t.taskId);
      if (!c || t.isGold) continue;
      rows.push({
        taskId: t.taskId,
        projectId,
        method,
        methodVersion: version,
        label: JSON.stringify(classAsResponse(type, c.label, labelsSeen)),
        confidence: c.confidence,
        agreement: t.agreement,
        annotatorCount: t.labels,
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
  return { rows, reliability, annotations, judged };
}

/** Free-form answers (ratings, rankings, steps): task by task, a page of tasks at a time. */
async function freeFormBatch(db: Db, projectId: number, type: string, now: number): Promise<BatchResult> {
  const rows: ModelConsensus[] = [];
  let annotations = 0;
  for await (const { task, annotations: list } of tasksWithAnnotations(db, projectId)) {
    annotations += list.length;
    const payload = JSON.parse(task.payload) as { responses?: { id: string }[] };
    const c = freeFormConsensus(
      type,
      list.map((a) => a.response),
      payload,
    );
    if (c)
      rows.push({
        taskId: task.id,
        projectId,
        method: c.method,
        methodVersion: `${c.method}/${METHOD_REVISION}`,
        label: JSON.stringify(c.label),
        confidence: c.confidence,
        agreement: freeFormAgreement(
          type,
          list.map((a) => a.response),
        ),
        annotatorCount: list.length,
        computedAt: now,
      });
  }
  return { rows, reliability: [], annotations };
}

/** One inference fit over a domain's categorical labels, gold clamped. */
function fitDomain(method: string, labels: DomainLabels) {
  const out = {
    tasks: new Map<number, { label: string; confidence: number }>(),
    workers: new Map<number, { accuracy: number; labels: number }>(),
  };
  if (labels.size === 0) return out;
  const { data, gold } = labels.encode();
  const result = (inferenceMethods[method] ?? inferenceMethods[DEFAULT_INFERENCE_METHOD]).infer(data, { seed: 0, gold });
  data.taskNames.forEach((name, k) =>
    out.tasks.set(Number(name), { label: data.classNames[result.labels[k]], confidence: result.confidence[k] }),
  );
  // Not the method's own worker parameter (MACE's is a competence, not P(right)): each worker's
  // leave-one-out agreement with the fit, shrunk and capped, which is what the one-coin posterior
  // of adaptive overlap needs (bench:adaptive — raw competences cost 2–8 pp there, this ≤ 0.5 pp on
  // six of the seven shared sets). Evidence = labels on tasks someone else also labelled.
  const estimate = estimateWorkerAccuracy(data, result, { gold });
  data.workerNames.forEach((name, k) => out.workers.set(Number(name), { accuracy: estimate.accuracy[k], labels: estimate.labels[k] }));
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

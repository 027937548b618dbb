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
 * read a page at a time (readLabels.ts: in a worker thread on a big SQLite project) and held compactly
 * (batchLabels.ts); each domain's rows are written in short paced transactions while the
 * next domain is fitted (fitDomains.ts: in a worker thread on big projects), then the reliabilities and
 * the batch state in one.
 * `method_version` = "<method>/<revision> batch upto=<last annotation id seen>": the same string on every
 * row of one run, so it names the run.
 */
import type { RecomputeSummary } from '../../domain/api/consensus.js';
import { NotFoundError } from '../../domain/errors.js';
import { DEFAULT_INFERENCE_METHOD } from '../../quality/inference/index.js';
import { batchState, maxAnnotationId, saveBatchState, type BatchState, type ModelConsensus } from '../../store/repositories/consensus.js';
import { judgmentCount } from '../../store/repositories/exports.js';
import { clearEmptyConsensusRollups, type FirstMoves, saveModelConsensusBulk } from '../../store/repositories/consensusBulk.js';
import { findProject } from '../../store/repositories/projects.js';
import { reliabilityKey, saveReliability, type StoredReliability } from '../../store/repositories/reliability.js';
import { type Db, writeTransaction } from '../../store/transaction.js';
import { runInSlices, writesAtOnce } from '../../store/writerPacing.js';
import type { ProjectConfig } from '../../domain/projects.js';
import { tasksWithAnnotations } from '../export/pages.js';
import { readBatchLabels } from './readLabels.js';
import { FIT_WORKER_MIN_LABELS, fitDomains } from './fitDomains.js';
import { startMoveWorker } from './firstMoves.js';
import { recordAudit } from '../audit.js';
import { type BatchJudgments, cascadeAfterBatch } from '../cascade/afterBatch.js';
import { DEFAULT_GOLD_RELEASE, releasedGoldCounts } from '../gold/goldRelease.js';
import type { Actor, ServiceContext } from '../context.js';
import { blendReliability } from '../../quality/reliability/blend.js';
import { classAsResponse, freeFormAgreement, freeFormConsensus, hasConsensus, isCategorical, METHOD_REVISION } from './labels.js';

/** Minimum annotations between automatic batches; see the header for the 10% growth rule. */
export const BATCH_EVERY = 100;
export const BATCH_GROWTH = 0.1;

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

  // The rows in short paced transactions (SQLite's writer is never held long; tutors' submits get in
  // between), a domain's as soon as it is fitted. A crash part-way leaves some rows of this run and the
  // batch state of the last one: the next refresh runs the batch again, and the result is the same for
  // the same annotations.
  const saveRows = async (rows: readonly ModelConsensus[], firstMoves?: FirstMoves, domain?: string) => {
    let written = 0;
    // The move worker is asked (before the slice knows) while slices hold tasks without a consensus:
    // a re-run, where every task has one, leaves it idle after its first slice.
    let lastSliceHadFirsts = true;
    await runInSlices(
      ctx.store,
      async (trx, n) => {
        const slice = rows.slice(written, written + n);
        lastSliceHadFirsts = (await saveModelConsensusBulk(ctx.store, trx, slice, lastSliceHadFirsts ? firstMoves : undefined, domain)) > 0;
        written += n;
        return written < rows.length;
      },
      () => {
        written = 0;
      },
    );
  };
  const {
    tasks,
    method: formedBy,
    reliability,
    annotations,
    judged,
  } = isCategorical(type)
    ? await categoricalBatch(ctx, projectId, config, method, version, upTo, now, saveRows)
    : hasConsensus(type)
      ? await freeFormBatch(db, projectId, type, now, saveRows)
      : { tasks: 0, method: undefined, reliability: [], annotations: 0, judged: undefined };

  const summary: RecomputeSummary = {
    method: isCategorical(type) ? method : (formedBy?.method ?? 'none'),
    methodVersion: version || (formedBy?.methodVersion ?? ''),
    annotations,
    tasks,
    tutorDomains: reliability.length,
  };
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
  /** How many tasks' consensus rows the batch formed (and saved). */
  tasks: number;
  /** Free-form types: the method and version of the rows formed, if any. */
  method?: { method: string; methodVersion: string };
  reliability: StoredReliability[];
  annotations: number;
  /** Cascade projects only: each real task's judgments, which the cascade decides on again. */
  judged?: Map<number, BatchJudgments>;
}

type SaveRows = (rows: readonly ModelConsensus[], firstMoves?: FirstMoves, domain?: string) => Promise<void>;

/** Class answers: read every current annotation up to the snapshot into compact per-domain labels, fit each domain. */
async function categoricalBatch(
  ctx: ServiceContext,
  projectId: number,
  config: ProjectConfig,
  method: string,
  version: string,
  upTo: number,
  now: number,
  saveRows: SaveRows,
): Promise<BatchResult> {
  const db = ctx.store.db;
  const type = config.type;
  // A worker reads where it pays, as the fits' and the moves' do (a project of 200,000+ judgments).
  const big = (await judgmentCount(db, projectId)) >= FIT_WORKER_MIN_LABELS;
  const { labels, labelsSeen, annotations, judged } = await readBatchLabels(ctx.store, projectId, config, upTo, {
    inWorker: big,
    judged: Boolean(config.cascade),
  });
  let tasks = 0;
  const reliability: StoredReliability[] = [];
  // Each domain's rows are written while the next domain is fitted (fitDomains.ts); on a big SQLite
  // project a first consensus's moves are formed beside the writes (firstMoves.ts). PostgreSQL writes
  // three domains at once, each in its own transaction on its own connection (their rows, and the rollup
  // rows their triggers move, are keyed by domain, so they never wait for each other): its triggers form
  // the moves in the database's processes, one per connection. SQLite has one writer.
  const moveWorker = annotations >= FIT_WORKER_MIN_LABELS ? startMoveWorker(ctx.store) : null;
  const writing: Promise<void>[] = [];
  const atOnce = writesAtOnce(ctx.store);
  try {
    for await (const { domain, labels: domainLabels, data, fit } of fitDomains(method, labels.domains)) {
      if (!data || !fit) continue;
      const taskIndex = new Map(data.taskNames.map((name, k) => [Number(name), k]));
      const rows: ModelConsensus[] = [];
      for (const t of domainLabels.tasks()) {
        const k = taskIndex.get(t.taskId);
        if (k === undefined || t.isGold) continue;
        rows.push({
          taskId: t.taskId,
          projectId,
          method,
          methodVersion: version,
          label: JSON.stringify(classAsResponse(type, data.classNames[fit.labels[k]], labelsSeen)),
          confidence: fit.confidence[k],
          agreement: t.agreement,
          annotatorCount: t.labels,
          computedAt: now,
        });
      }
      // The rows of production tasks of this domain (gold ones left out above).
      writing.push(saveRows(rows, moveWorker?.moves, domain));
      tasks += rows.length;
      const workers = data.workerNames.map(Number);
      const gold = await releasedGoldCounts(db, workers, domain, ctx.goldRelease ?? DEFAULT_GOLD_RELEASE, now);
      workers.forEach((userId, w) => {
        const g = gold.get(reliabilityKey(userId, domain)) ?? { total: 0, correct: 0 };
        const evidence = { goldTotal: g.total, goldCorrect: g.correct, modelAccuracy: fit.accuracy[w], modelLabels: fit.evidence[w] };
        reliability.push({ userId, domain, ...evidence, reliability: blendReliability(evidence), updatedAt: now });
      });
      if (writing.length >= atOnce) await writing.shift();
    }
    await Promise.all(writing);
  } finally {
    // A failed write fails the batch, but not before the others have ended (none is left running).
    await Promise.allSettled(writing);
    await moveWorker?.close();
  }
  return { tasks, reliability, annotations, judged };
}

/** Free-form answers (ratings, rankings, steps): task by task, a page of tasks at a time. */
async function freeFormBatch(db: Db, projectId: number, type: string, now: number, saveRows: SaveRows): Promise<BatchResult> {
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
  await saveRows(rows);
  return {
    tasks: rows.length,
    method: rows[0] && { method: rows[0].method, methodVersion: rows[0].methodVersion },
    reliability: [],
    annotations,
  };
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

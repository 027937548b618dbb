/**
 * A judge run: the judge works a project like a tutor, through the same services (`nextAssignment`
 * leases by eligibility, overlap, gold and leases; `submitAnnotation` validates and stores), with as
 * many tasks in hand at once as its endpoint's max concurrency (the routing lets a model-tier user
 * hold that many live leases; a person holds one). Each task becomes one verdict row: the prompt
 * version, the calls' tokens, cost and latency, the stated confidence and the bias measurements.
 * A failed judgment gives its lease back (`skipAssignment`: the task returns to the pool for others).
 * The run's state is stored; running it again continues (routing never serves a task twice to the
 * same judge) and a cancelled run stops taking tasks.
 */
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { JudgeRunInput, JudgingPolicy } from '../../domain/judges.js';
import { BudgetExhaustedError } from '../../domain/models.js';
import type { TaskType } from '../../domain/tasks.js';
import { validateInput } from '../../domain/validation.js';
import {
  findRun,
  generationProvenance,
  insertRun,
  judgeUserId,
  projectRuns,
  runCounts,
  setRunState,
  type JudgeRecord,
  type NewVerdict,
} from '../../store/repositories/judges.js';
import { findLiveEndpoint, type EndpointRecord } from '../../store/repositories/modelEndpoints.js';
import { findProject, type ProjectRecord } from '../../store/repositories/projects.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import { escalateFlaggedTask } from '../cascade/judgeFlag.js';
import type { Actor, ServiceContext } from '../context.js';
import { nextAssignment, type NextAssignment } from '../work/nextAssignment.js';
import { skipAssignment } from '../work/skipAssignment.js';
import { submitAnnotation } from '../work/submitAnnotation.js';
import { promptOf, requireJudge } from './admin.js';
import { askJudge, type Answer, type CallTotals } from './ask.js';
import { biasOf, swapped } from './bias.js';
import { PULSE_MS, runPulse, type RunPulse } from './runPulse.js';
import { recordVerdict } from './verdicts.js';

export interface JudgeRunProgress {
  runId: number;
  projectId: number;
  judgeId: number;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  judged: number;
  failed: number;
  toHumans: number;
  error: string | null;
}

export async function judgeRunProgress(ctx: ServiceContext, runId: number): Promise<JudgeRunProgress> {
  const run = await findRun(ctx.store.db, runId);
  if (!run) throw new NotFoundError(`judge run ${runId}`);
  const c = await runCounts(ctx.store.db, runId);
  return {
    runId,
    projectId: run.project_id,
    judgeId: await judgeUserId(ctx.store.db, run.judge_id),
    state: run.state,
    judged: c.ok,
    failed: c.failed,
    toHumans: c.to_humans,
    error: run.error,
  };
}

export async function createJudgeRun(ctx: ServiceContext, actor: Actor, projectId: number, input: unknown): Promise<JudgeRunProgress> {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('only a manager or admin runs AI judges');
  const o = validateInput(JudgeRunInput, input);
  if (!(await findProject(ctx.store.db, projectId))) throw new NotFoundError(`project ${projectId}`);
  const judge = await requireJudge(ctx, o.judge);
  const runId = await writeTransaction(ctx.store, async (trx) => {
    const id = await insertRun(trx, { projectId, judgeId: judge.id, maxItems: o.maxItems ?? null, by: actor.id, now: ctx.now() });
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'judge.run',
      targetType: 'project',
      targetId: projectId,
      detail: { run: id, judge: judge.name, maxItems: o.maxItems ?? null },
      at: ctx.now(),
    });
    return id;
  });
  return judgeRunProgress(ctx, runId);
}

export async function cancelJudgeRun(ctx: ServiceContext, actor: Actor, runId: number): Promise<JudgeRunProgress> {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('only a manager or admin runs AI judges');
  const run = await findRun(ctx.store.db, runId);
  if (!run) throw new NotFoundError(`judge run ${runId}`);
  if (run.state === 'queued' || run.state === 'running') {
    await writeTransaction(ctx.store, async (trx) => {
      await setRunState(trx, runId, 'cancelled', null, ctx.now());
      await recordAudit(trx, { actorId: actor.id, action: 'judge.cancel', targetType: 'judge_run', targetId: runId, at: ctx.now() });
    });
  }
  return judgeRunProgress(ctx, runId);
}

interface RunScope {
  ctx: ServiceContext;
  runId: number;
  project: ProjectRecord;
  judge: JudgeRecord;
  actor: Actor;
  endpoint: EndpointRecord;
  policy: JudgingPolicy;
  /** The run's state and the judge's prompts, re-read every quarter second (runPulse.ts). */
  pulse: () => Promise<RunPulse>;
}

/** Runs (or resumes) a judge run until the judge has nothing left, `maxItems` is reached, or it is cancelled. */
export async function runJudgeRun(ctx: ServiceContext, runId: number, onProgress?: (p: JudgeRunProgress) => void) {
  const run = await findRun(ctx.store.db, runId);
  if (!run) throw new NotFoundError(`judge run ${runId}`);
  if (run.state === 'cancelled' || run.state === 'done') return judgeRunProgress(ctx, runId);
  const project = await findProject(ctx.store.db, run.project_id);
  const judge = await requireJudge(ctx, await judgeUserId(ctx.store.db, run.judge_id));
  const endpoint = await findLiveEndpoint(ctx.store.db, judge.endpointId);
  const fail = async (error: string) => {
    await setRunState(ctx.store.db, runId, 'failed', error, ctx.now());
    return judgeRunProgress(ctx, runId);
  };
  if (!project) return fail(`project ${run.project_id} is gone`);
  if (!endpoint) return fail(`the judge's model endpoint ${judge.endpointName} was removed`);
  if (judge.disabled) return fail(`the judge ${judge.name} is disabled`);
  await setRunState(ctx.store.db, runId, 'running', null, ctx.now());
  const actor: Actor = { id: judge.userId, role: 'tutor', tier: 'model', domains: judge.domains };
  const pulse = runPulse(ctx.store, runId, judge.id);
  const policy = JudgingPolicy.parse(project.config.judging ?? {});
  const scope: RunScope = { ctx, runId, project, judge, actor, endpoint, policy, pulse };
  const before = await runCounts(ctx.store.db, runId);
  let taken = before.ok + before.failed + before.to_humans;
  let stopped: string | null = null;
  // The leases in this run's hands, and a signal each time one is done with (see `worker`).
  const inHand = new Set<number>();
  let released = signal();
  // Progress is counted from the verdicts: reported at most every PULSE_MS, not after every task.
  let reportedAt = Number.NEGATIVE_INFINITY;
  const worker = async () => {
    while (!stopped) {
      if (run.max_items !== null && taken >= run.max_items) return;
      taken++; // reserved before any await, so workers together never pass maxItems
      if ((await pulse()).cancelled) {
        stopped = 'cancelled';
        return;
      }
      let lease: NextAssignment | null;
      try {
        lease = await nextAssignment(ctx, actor, project.id);
      } catch (err) {
        if (!(err instanceof NotFoundError || err instanceof ForbiddenError)) throw err;
        stopped = `project ${project.id} does not admit the judge (tier model): add "model" to its eligible tiers`;
        return;
      }
      if (!lease) {
        taken--;
        return;
      }
      if (inHand.has(lease.assignment.id)) {
        // The judge holds all the leases it may and this one is being judged by another worker (left
        // over leases of an interrupted run fill the cap too): wait for a lease to be done with.
        taken--;
        await released.promise;
        continue;
      }
      inHand.add(lease.assignment.id);
      try {
        await judgeOne(scope, lease);
      } catch (err) {
        if (!(err instanceof BudgetExhaustedError)) throw err;
        stopped = err.message;
        await skipAssignment(ctx, actor, lease.assignment.id);
        return;
      } finally {
        inHand.delete(lease.assignment.id);
        released.resolve();
        released = signal();
      }
      if (onProgress && performance.now() - reportedAt >= PULSE_MS) {
        reportedAt = performance.now();
        onProgress(await judgeRunProgress(ctx, runId));
      }
    }
  };
  // The routing lets a judge hold as many live leases as its endpoint takes calls at once, so that
  // many workers keep that many tasks in flight (their calls share the endpoint's limits).
  const workers = await Promise.allSettled(
    Array.from({ length: endpoint.maxConcurrency }, () =>
      worker().catch((err: unknown) => {
        stopped ??= 'error'; // the other workers take no more tasks
        throw err;
      }),
    ),
  );
  const error = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (error) throw error.reason;
  if (stopped === 'cancelled') return judgeRunProgress(ctx, runId);
  if (stopped) return fail(stopped);
  await setRunState(ctx.store.db, runId, 'done', null, ctx.now());
  return judgeRunProgress(ctx, runId);
}

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function judgeOne(s: RunScope, lease: NextAssignment): Promise<void> {
  const { ctx } = s;
  const type = lease.task.type as TaskType;
  const payload = lease.task.payload as Record<string, unknown>;
  const prompt = promptOf((await s.pulse()).prompts, type);
  const totals: CallTotals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, model: s.endpoint.model };
  const ask = (p: Record<string, unknown>) =>
    askJudge(
      ctx,
      { project: s.project, endpoint: s.endpoint, template: prompt.template, type, domain: lease.task.domain, payload: p },
      totals,
    );
  const both = type === 'preference' && s.policy.bothOrders;
  const answers: Answer[] = await Promise.all(both ? [ask(payload), ask(swapped(payload))] : [ask(payload)]);
  const verdict = (
    v: Pick<NewVerdict, 'status' | 'annotation_id' | 'confidence' | 'consistent' | 'length_difference' | 'self_preference' | 'error'>,
  ) =>
    recordVerdict(ctx.store, {
      run_id: s.runId,
      judge_id: s.judge.id,
      project_id: s.project.id,
      task_id: lease.task.id,
      domain: lease.task.domain,
      assignment_id: lease.assignment.id,
      prompt_version: prompt.version,
      model: totals.model,
      calls: totals.calls,
      input_tokens: totals.inputTokens,
      output_tokens: totals.outputTokens,
      cost_usd: totals.costUsd,
      latency_ms: totals.latencyMs,
      created_at: ctx.now(),
      ...v,
    });
  const failure = answers.find((a): a is Extract<Answer, { ok: false }> => !a.ok);
  if (failure) {
    await skipAssignment(ctx, s.actor, lease.assignment.id);
    await verdict({
      status: 'failed',
      annotation_id: null,
      confidence: null,
      consistent: null,
      length_difference: null,
      self_preference: 0,
      error: failure.error,
    });
    return;
  }
  const [first, second] = answers as Extract<Answer, { ok: true }>[];
  const consistent = second ? (first.response.choice === second.response.choice ? 1 : 0) : null;
  const confidence = second ? (first.confidence + second.confidence) / 2 : first.confidence;
  if (consistent === 0 && s.policy.inconsistent === 'humans') {
    await skipAssignment(ctx, s.actor, lease.assignment.id);
    await verdict({
      status: 'to_humans',
      annotation_id: null,
      confidence,
      consistent,
      length_difference: null,
      self_preference: 0,
      error: null,
    });
    await escalateFlaggedTask(ctx, s.project.id, lease.task.id);
    return;
  }
  const response = consistent === 0 ? { ...first.response, choice: 'tie' } : first.response;
  const { annotationId } = await submitAnnotation(ctx, s.actor, lease.assignment.id, {
    response,
    durationMs: Math.min(totals.latencyMs, 7 * 24 * 3600 * 1000),
  });
  const bias = biasOf(type, payload, response, await generationProvenance(ctx.store.db, lease.task.id), s.endpoint.model);
  await verdict({ status: 'ok', annotation_id: annotationId, confidence, consistent, ...bias, error: null });
  // A flagged judgment moves the task up the cascade (the submit decided before the flag was stored).
  if (consistent === 0 || bias.self_preference === 1) await escalateFlaggedTask(ctx, s.project.id, lease.task.id);
}

/** A project's judge runs, newest first (at most 100). */
export async function listJudgeRuns(ctx: ServiceContext, projectId: number): Promise<JudgeRunProgress[]> {
  return Promise.all((await projectRuns(ctx.store.db, projectId)).map((r) => judgeRunProgress(ctx, r.id)));
}

/**
 * Candidate generation as a durable job: the job and one item per prompt × endpoint × sample are
 * stored first; running calls only the items still pending, storing each outcome as it lands, so a
 * job killed half-way resumes where it stopped and never calls for a finished item again. When every
 * item is finished, the responses become tasks through the ordinary import (idempotent per task id).
 * A prompt whose calls failed is reported and left out; the rest are not lost.
 */
import { ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import {
  GenerationOptions,
  PromptLine,
  responsesPerTask,
  sampleSeed,
  type GenerationProgress,
  type GenerationSpec,
} from '../../domain/generation.js';
import { BudgetExhaustedError } from '../../domain/models.js';
import { describeIssues, validateInput } from '../../domain/validation.js';
import {
  findJob,
  finishItem,
  insertJob,
  itemCounts,
  jobItems,
  projectJobIds,
  setJobState,
  type ItemRow,
} from '../../store/repositories/generation.js';
import { findLiveEndpoint, type EndpointRecord } from '../../store/repositories/modelEndpoints.js';
import { findProject } from '../../store/repositories/projects.js';
import { findUserById } from '../../store/repositories/users.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { importTasks } from '../imports/importTasks.js';
import { actorOf } from '../users/userView.js';
import { candidateTasks, type GeneratedResponse } from './candidateTasks.js';
import { ModelCallError, modelGateway } from './client.js';

/** Reads a prompts file's lines (JSONL), naming the file, line and field of every bad one. */
export function parsePrompts(text: string, file: string): PromptLine[] {
  const prompts: PromptLine[] = [];
  const problems: { file: string; line: number; field?: string; message: string }[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ file, line: i + 1, message: 'not valid JSON' });
      return;
    }
    const parsed = PromptLine.safeParse(value);
    if (!parsed.success) for (const p of describeIssues(parsed.error)) problems.push({ file, line: i + 1, ...p });
    else if (seen.has(parsed.data.id)) problems.push({ file, line: i + 1, field: 'id', message: `prompt id "${parsed.data.id}" repeats` });
    else {
      seen.add(parsed.data.id);
      prompts.push(parsed.data);
    }
  });
  if (problems.length) throw new UserInputError(problems[0].message, problems[0], problems);
  if (!prompts.length) throw new UserInputError('no prompts in the file', { file });
  return prompts;
}

export async function createGenerationJob(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  prompts: PromptLine[],
  options: unknown,
): Promise<number> {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('only a manager or admin generates candidates');
  const o = validateInput(GenerationOptions, options);
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const shape = responsesPerTask(project.config.type);
  const perPrompt = o.models.length * o.samples;
  if (!shape)
    throw new UserInputError(`a ${project.config.type} project cannot take generated candidates (preference, ranking, rating or rewrite)`, {
      field: 'project',
    });
  if (perPrompt < shape.min || perPrompt > shape.max)
    throw new UserInputError(
      `a ${project.config.type} task takes ${shape.min === shape.max ? shape.min : `${shape.min}–${shape.max}`} responses; models × samples gives ${perPrompt}`,
      { field: 'models' },
    );
  const endpoints: EndpointRecord[] = [];
  for (const name of o.models) {
    const e = await findLiveEndpoint(ctx.store.db, name);
    if (!e) throw new UserInputError(`no model endpoint named "${name}"`, { field: 'models' });
    endpoints.push(e);
  }
  const outside = prompts.find((p) => !project.config.domains.includes(p.domain));
  if (outside)
    throw new UserInputError(`prompt ${outside.id}: domain "${outside.domain}" is not one of the project's`, { field: 'domain' });
  const spec: GenerationSpec = {
    prompts,
    endpointIds: endpoints.map((e) => e.id),
    samples: o.samples,
    temperature: o.temperature,
    maxTokens: o.maxTokens,
  };
  const items = prompts.flatMap((p) =>
    endpoints.flatMap((e) => Array.from({ length: o.samples }, (_, sample) => ({ promptId: p.id, endpointId: e.id, sample }))),
  );
  return writeTransaction(ctx.store, async (trx) => {
    const id = await insertJob(trx, { projectId, spec: JSON.stringify(spec), createdBy: actor.id, now: ctx.now(), items });
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'generation.create',
      targetType: 'project',
      targetId: projectId,
      detail: { job: id, prompts: prompts.length, models: o.models, samples: o.samples, temperature: o.temperature },
      at: ctx.now(),
    });
    return id;
  });
}

export async function generationProgress(
  ctx: ServiceContext,
  jobId: number,
  extra: { tasksCreated?: number; problems?: string[] } = {},
): Promise<GenerationProgress> {
  const job = await findJob(ctx.store.db, jobId);
  if (!job) throw new NotFoundError(`generation job ${jobId}`);
  const c = await itemCounts(ctx.store.db, jobId);
  return {
    jobId,
    projectId: job.projectId,
    state: job.state,
    ...c,
    pending: c.total - c.done - c.failed,
    tasksCreated: extra.tasksCreated ?? 0,
    error: job.error,
    problems: extra.problems ?? [],
  };
}

/** A project's generation jobs, newest first (at most 100). */
export async function listGenerationJobs(ctx: ServiceContext, projectId: number): Promise<GenerationProgress[]> {
  return Promise.all((await projectJobIds(ctx.store.db, projectId)).map((id) => generationProgress(ctx, id)));
}

export async function cancelGenerationJob(ctx: ServiceContext, actor: Actor, jobId: number): Promise<GenerationProgress> {
  const job = await findJob(ctx.store.db, jobId);
  if (!job) throw new NotFoundError(`generation job ${jobId}`);
  if (job.state === 'queued' || job.state === 'running') {
    await writeTransaction(ctx.store, async (trx) => {
      await setJobState(trx, jobId, 'cancelled', null, ctx.now());
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'generation.cancel',
        targetType: 'generation_job',
        targetId: jobId,
        at: ctx.now(),
      });
    });
  }
  return generationProgress(ctx, jobId);
}

/**
 * Runs (or resumes) a job to its end: calls the pending items through the model gateway (its limits
 * apply), then imports the tasks. `onProgress` is told after every item.
 */
export async function runGenerationJob(
  ctx: ServiceContext,
  jobId: number,
  onProgress?: (p: { done: number; failed: number; total: number }) => void,
): Promise<GenerationProgress> {
  const job = await findJob(ctx.store.db, jobId);
  if (!job) throw new NotFoundError(`generation job ${jobId}`);
  if (job.state === 'cancelled' || job.state === 'done') return generationProgress(ctx, jobId);
  const spec = JSON.parse(job.spec) as GenerationSpec;
  await setJobState(ctx.store.db, jobId, 'running', null, ctx.now());
  const items = await jobItems(ctx.store.db, jobId);
  const counts = {
    done: items.filter((i) => i.state === 'done').length,
    failed: items.filter((i) => i.state === 'failed').length,
    total: items.length,
  };
  const prompts = new Map(spec.prompts.map((p) => [p.id, p]));
  const endpoints = new Map<number, EndpointRecord | undefined>();
  for (const id of spec.endpointIds) endpoints.set(id, await findLiveEndpoint(ctx.store.db, id));
  let stopped: string | null = null;

  const runItem = async (item: ItemRow) => {
    if (stopped || (await findJob(ctx.store.db, jobId))?.state === 'cancelled') {
      stopped ??= 'cancelled';
      return;
    }
    const endpoint = endpoints.get(item.endpointId);
    const prompt = prompts.get(item.promptId)!;
    if (!endpoint) {
      await finishItem(ctx.store.db, item.id, { state: 'failed', error: `model endpoint ${item.endpointId} was removed` });
      counts.failed++;
      return;
    }
    const seed = sampleSeed(item.promptId, item.sample);
    try {
      const messages = prompt.messages ?? [{ role: 'user' as const, content: prompt.prompt ?? '' }];
      const reply = await modelGateway(ctx.store).chat(
        ctx,
        endpoint,
        { messages, temperature: spec.temperature, maxTokens: spec.maxTokens, seed },
        { purpose: 'generate', projectId: job.projectId },
      );
      const provenance = {
        endpoint: endpoint.name,
        model: reply.model,
        temperature: spec.temperature,
        maxTokens: spec.maxTokens,
        seed,
        sample: item.sample,
        inputTokens: reply.inputTokens,
        outputTokens: reply.outputTokens,
        latencyMs: reply.latencyMs,
        costUsd: reply.costUsd,
      };
      if (!reply.text.trim()) throw new ModelCallError(`endpoint ${endpoint.name}: empty reply`, reply.attempts);
      await finishItem(ctx.store.db, item.id, { state: 'done', text: reply.text, provenance: JSON.stringify(provenance) });
      counts.done++;
    } catch (err) {
      if (err instanceof BudgetExhaustedError) {
        stopped = err.message;
        return;
      }
      if (!(err instanceof ModelCallError)) throw err;
      await finishItem(ctx.store.db, item.id, { state: 'failed', error: err.message });
      counts.failed++;
    }
    onProgress?.({ ...counts });
  };
  await Promise.all(items.filter((i) => i.state === 'pending').map(runItem));

  if (stopped === 'cancelled') return generationProgress(ctx, jobId);
  if (stopped) {
    await setJobState(ctx.store.db, jobId, 'failed', stopped, ctx.now());
    return generationProgress(ctx, jobId);
  }
  return finishJob(ctx, job.id, job.projectId, job.createdBy, spec);
}

/** Every item finished: the prompts whose calls all worked become tasks; the others are reported. */
async function finishJob(
  ctx: ServiceContext,
  jobId: number,
  projectId: number,
  createdBy: number | null,
  spec: GenerationSpec,
): Promise<GenerationProgress> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const items = await jobItems(ctx.store.db, jobId);
  const byPrompt = new Map<string, ItemRow[]>();
  for (const item of items) byPrompt.set(item.promptId, [...(byPrompt.get(item.promptId) ?? []), item]);
  const responses = new Map<string, GeneratedResponse[]>();
  const problems: string[] = [];
  for (const [promptId, list] of byPrompt) {
    const failed = list.filter((i) => i.state !== 'done');
    if (failed.length) problems.push(`${promptId}: ${failed.map((i) => i.error ?? i.state).join('; ')}`);
    else
      responses.set(
        promptId,
        list.map((i) => ({ text: i.text!, provenance: JSON.parse(i.provenance!) as Record<string, unknown> })),
      );
  }
  const lines = candidateTasks(project.config.type, jobId, spec.prompts, responses);
  let tasksCreated = 0;
  if (lines.length) {
    const creator = createdBy === null ? undefined : await findUserById(ctx.store.db, createdBy);
    if (!creator) throw new NotFoundError(`user ${createdBy}`);
    const result = await importTasks(ctx, actorOf(creator), projectId, [lines.map((l) => JSON.stringify(l)).join('\n')], {
      fileName: `generation job ${jobId}`,
    });
    tasksCreated = result.imported + result.skipped;
  }
  const allFailed = responses.size === 0;
  await setJobState(ctx.store.db, jobId, allFailed ? 'failed' : 'done', allFailed ? 'every prompt failed' : null, ctx.now());
  return generationProgress(ctx, jobId, { tasksCreated, problems });
}

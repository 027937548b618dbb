/**
 * Model endpoints as an admin manages them: add (the key sealed before it reaches the database),
 * list (never the key), test (one tiny request: latency and reply), remove; and each project's
 * model budget. Every change is audited; the audit detail never holds the key.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { ModelBudget, ModelEndpoint, ModelTestResult } from '../../domain/api/models.js';
import { ModelBudgetInput, ModelEndpointInput } from '../../domain/models.js';
import { validateInput } from '../../domain/validation.js';
import { findProject } from '../../store/repositories/projects.js';
import {
  budgetOf,
  findLiveEndpoint,
  insertEndpoint,
  liveEndpoints,
  markEndpointRemoved,
  projectSpentUsd,
  setBudget,
  usageByEndpoint,
  type EndpointRecord,
  type EndpointUsage,
} from '../../store/repositories/modelEndpoints.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { ModelCallError, modelGateway } from './client.js';
import { sealSecret } from '../secrets/secretBox.js';

const NO_USAGE: EndpointUsage = { calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('only an admin manages model endpoints');
}

function endpointView(e: EndpointRecord, usage: EndpointUsage = NO_USAGE): ModelEndpoint {
  const { createdAt, ...rest } = e;
  return { ...rest, createdAt: new Date(createdAt).toISOString(), usage };
}

/** What the audit log keeps of an endpoint: its settings, never the key. */
function auditDetail(e: EndpointRecord): Record<string, unknown> {
  const { id: _id, createdAt: _at, ...settings } = e;
  return settings;
}

export async function addModelEndpoint(ctx: ServiceContext, actor: Actor, input: unknown): Promise<ModelEndpoint> {
  requireAdmin(actor);
  const { apiKey, ...settings } = validateInput(ModelEndpointInput, input);
  const apiKeySealed = sealSecret(apiKey, 'model-api-key');
  const record = await writeTransaction(ctx.store, async (trx) => {
    if (await findLiveEndpoint(trx, settings.name)) throw new ConflictError(`a model endpoint named "${settings.name}" already exists`);
    const rec = await insertEndpoint(trx, { ...settings, apiKeySealed, createdAt: ctx.now() });
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'model.add',
      targetType: 'model_endpoint',
      targetId: rec.id,
      detail: auditDetail(rec),
      at: ctx.now(),
    });
    return rec;
  });
  return endpointView(record);
}

export async function listModelEndpoints(ctx: ServiceContext): Promise<ModelEndpoint[]> {
  const [endpoints, usage] = await Promise.all([liveEndpoints(ctx.store.db), usageByEndpoint(ctx.store.db)]);
  return endpoints.map((e) => endpointView(e, usage.get(e.id)));
}

/** A live endpoint by id or name, or 404. */
export async function findModelEndpoint(ctx: ServiceContext, ref: number | string): Promise<EndpointRecord> {
  const endpoint = await findLiveEndpoint(ctx.store.db, ref);
  if (!endpoint) throw new NotFoundError(`model endpoint ${typeof ref === 'number' ? ref : `"${ref}"`}`);
  return endpoint;
}

/** One tiny request through the real client (limits, retries, accounting); a failure is a result, not an error. */
export async function testModelEndpoint(ctx: ServiceContext, actor: Actor, ref: number | string): Promise<ModelTestResult> {
  requireAdmin(actor);
  const endpoint = await findModelEndpoint(ctx, ref);
  const started = performance.now();
  try {
    const reply = await modelGateway(ctx.store).chat(
      ctx,
      endpoint,
      { messages: [{ role: 'user', content: 'Reply with the single word: ready' }], maxTokens: 16, temperature: 0 },
      { purpose: 'test', projectId: null },
    );
    const { latencyMs, text, inputTokens, outputTokens, costUsd } = reply;
    return { ok: true, latencyMs, reply: text, error: null, inputTokens, outputTokens, costUsd };
  } catch (err) {
    if (!(err instanceof ModelCallError)) throw err;
    const latencyMs = Math.round(performance.now() - started);
    return { ok: false, latencyMs, reply: null, error: err.message, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  }
}

export async function removeModelEndpoint(ctx: ServiceContext, actor: Actor, ref: number | string): Promise<void> {
  requireAdmin(actor);
  const endpoint = await findModelEndpoint(ctx, ref);
  await writeTransaction(ctx.store, async (trx) => {
    if (!(await markEndpointRemoved(trx, endpoint.id, ctx.now()))) throw new NotFoundError(`model endpoint ${endpoint.id}`);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'model.remove',
      targetType: 'model_endpoint',
      targetId: endpoint.id,
      detail: { name: endpoint.name },
      at: ctx.now(),
    });
  });
  modelGateway(ctx.store).drop(endpoint.id);
}

export async function getModelBudget(ctx: ServiceContext, projectId: number): Promise<ModelBudget> {
  if (!(await findProject(ctx.store.db, projectId))) throw new NotFoundError(`project ${projectId}`);
  const [limitUsd, spentUsd] = await Promise.all([budgetOf(ctx.store.db, projectId), projectSpentUsd(ctx.store.db, projectId)]);
  return { projectId, limitUsd, spentUsd };
}

/** Sets (or, with null, lifts) a project's cap on model spending. */
export async function setModelBudget(ctx: ServiceContext, actor: Actor, projectId: number, input: unknown): Promise<ModelBudget> {
  requireAdmin(actor);
  const { limitUsd } = validateInput(ModelBudgetInput, input);
  await writeTransaction(ctx.store, async (trx) => {
    if (!(await findProject(trx, projectId))) throw new NotFoundError(`project ${projectId}`);
    const before = await budgetOf(trx, projectId);
    await setBudget(trx, projectId, limitUsd, ctx.now());
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'model.budget',
      targetType: 'project',
      targetId: projectId,
      detail: { before, limitUsd },
      at: ctx.now(),
    });
  });
  modelGateway(ctx.store).forgetBudget(projectId);
  return getModelBudget(ctx, projectId);
}

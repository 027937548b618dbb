/**
 * The one way tutorloop calls a model. Per endpoint and per process: at most `maxConcurrency` calls
 * in flight and `requestsPerMinute` attempts started per minute (p-queue), retries with backoff and
 * jitter (retry.ts), and a row in `model_calls` for every call with its tokens and dollars. A call
 * for a project whose model budget is spent does not start (BudgetExhaustedError; budgets.ts keeps
 * the cap and the spend in memory, so a call reads nothing from the database before it starts).
 *
 * The HTTP is the official `openai` SDK's (its own retries are off so every attempt passes the
 * limits here), run in the process's one model worker thread (sdkThread.ts, sdkWorker.ts): a queue
 * task posts one attempt there and awaits its answer, so the SDK's request building and parsing and
 * undici's sockets (most of a call's CPU) never hold up this thread, where replies arriving together
 * would otherwise queue behind each other. Errors come back as the SDK's own classes, so the retry
 * rule reads them unchanged. The API key is decrypted here only to build the lane's SDK client in
 * the worker and is never logged. Call rows are committed in batches under load (batchWriter.ts),
 * each before its call returns.
 */
import { APIError } from 'openai';
import type OpenAI from 'openai';
import PQueue from 'p-queue';
import { callCostUsd, type ModelCallPurpose } from '../../domain/models.js';
import { sealedKeyOf, type CallRecord, type EndpointRecord } from '../../store/repositories/modelEndpoints.js';
import { storeCalls } from '../../store/repositories/modelCalls.js';
import { BudgetGuard } from './budgets.js';
import { BatchWriter } from './batchWriter.js';
import type { Store } from '../../store/database.js';
import type { ServiceContext } from '../context.js';
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './retry.js';
import { sdkThread } from './sdkThread.js';
import type { LaneSpec } from './sdkWire.js';
import { openSecret } from '../secrets/secretBox.js';

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Structured output: the reply must be JSON matching this JSON schema. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface CallAccount {
  purpose: ModelCallPurpose;
  /** Whose budget pays; null for calls outside any project (an endpoint test). */
  projectId: number | null;
}

export interface ChatResult {
  text: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  attempts: number;
}

/** A call that failed after its retries; its attempts and cost are recorded all the same. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}

interface Lane {
  queue: PQueue;
  spec: LaneSpec;
}

/** Lane ids are the worker's names for its SDK clients: unique in the process, across gateways. */
let lastLaneId = 0;

/** What a lane is built from: a change to any of these (an edited endpoint) builds a new lane. */
const signatureOf = (e: EndpointRecord) => `${e.maxConcurrency} ${e.requestsPerMinute} ${e.timeoutMs} ${e.baseUrl}`;

export interface GatewayOptions {
  retry?: RetryPolicy;
  /** The window `requestsPerMinute` counts over: a minute, shorter only in tests. */
  rateWindowMs?: number;
  /** How stale the budgets' view of other processes' spending may get (budgets.ts; default 1 s). */
  budgetRefreshMs?: number;
}

export class ModelGateway {
  private readonly lanes = new Map<number, { signature: string; lane: Promise<Lane> }>();
  private readonly retry: RetryPolicy;
  private readonly rateWindowMs: number;
  /** The call rows, batched under load; each call returns once its row is committed. */
  private readonly calls: BatchWriter<CallRecord>;
  private readonly budgets: BudgetGuard;

  constructor(
    private readonly store: Store,
    options: GatewayOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.rateWindowMs = options.rateWindowMs ?? 60_000;
    this.calls = new BatchWriter((rows) => storeCalls(store, rows));
    this.budgets = new BudgetGuard(store, options.budgetRefreshMs);
  }

  async chat(ctx: ServiceContext, endpoint: EndpointRecord, request: ChatRequest, account: CallAccount): Promise<ChatResult> {
    if (account.projectId !== null) await this.budgets.check(account.projectId);
    const lane = await this.laneOf(endpoint);
    const started = performance.now();
    let attempts = 0;
    let inputTokens = 0;
    let outputTokens = 0;
    const finish = async (status: 'ok' | 'failed', error: string | null) => {
      const costUsd = callCostUsd(endpoint, inputTokens, outputTokens);
      const latencyMs = Math.round(performance.now() - started);
      await this.calls.write({
        endpointId: endpoint.id,
        ...account,
        status,
        attempts,
        inputTokens,
        outputTokens,
        costUsd,
        latencyMs,
        error,
        createdAt: ctx.now(),
      });
      if (account.projectId !== null) this.budgets.record(account.projectId, costUsd);
      return { costUsd, latencyMs };
    };
    for (let retry = 0; ; retry++) {
      attempts++;
      try {
        const reply = await lane.queue.add(() => sdkThread().call(lane.spec, toSdkRequest(endpoint.model, request)));
        inputTokens += reply.inputTokens;
        outputTokens += reply.outputTokens;
        const { costUsd, latencyMs } = await finish('ok', null);
        return { text: reply.text, model: reply.model ?? endpoint.model, inputTokens, outputTokens, costUsd, latencyMs, attempts };
      } catch (error) {
        const wait = retryDelayMs(this.retry, retry, error, Date.now());
        if (wait === null) {
          const message = describe(error);
          await finish('failed', message);
          throw new ModelCallError(
            `endpoint ${endpoint.name}: ${message} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
            attempts,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Forget an endpoint's limits and client (after it is removed). */
  drop(endpointId: number): void {
    const known = this.lanes.get(endpointId);
    this.lanes.delete(endpointId);
    if (known) retire(known.lane);
  }

  /** A project's cap changed in this process: the next call reads it again. */
  forgetBudget(projectId: number): void {
    this.budgets.forget(projectId);
  }

  /** The endpoint's lane, made once: calls that arrive together share it (the promise is cached, not the result). */
  private laneOf(endpoint: EndpointRecord): Promise<Lane> {
    const signature = signatureOf(endpoint);
    const known = this.lanes.get(endpoint.id);
    if (known && known.signature === signature) return known.lane;
    if (known) retire(known.lane);
    const lane = this.openLane(endpoint);
    this.lanes.set(endpoint.id, { signature, lane });
    lane.catch(() => this.lanes.delete(endpoint.id));
    return lane;
  }

  private async openLane(endpoint: EndpointRecord): Promise<Lane> {
    const sealed = await sealedKeyOf(this.store.db, endpoint.id);
    if (sealed === undefined) throw new ModelCallError(`endpoint ${endpoint.name} is not registered`, 0);
    return {
      queue: new PQueue({ concurrency: endpoint.maxConcurrency, intervalCap: endpoint.requestsPerMinute, interval: this.rateWindowMs }),
      spec: { lane: ++lastLaneId, baseUrl: endpoint.baseUrl, timeoutMs: endpoint.timeoutMs, apiKey: openSecret(sealed, 'model-api-key') },
    };
  }
}

/**
 * An old lane's SDK client is freed in the worker once its queue is idle. A call of it that was
 * between retries then re-sends the spec (sdkThread.ts), so freeing early costs a message, not a call.
 */
function retire(lane: Promise<Lane>): void {
  void lane.then(
    ({ queue, spec }) => queue.onIdle().then(() => sdkThread().forget(spec.lane)),
    () => {},
  );
}

function toSdkRequest(model: string, r: ChatRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: r.messages,
    ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    ...(r.maxTokens !== undefined ? { max_tokens: r.maxTokens } : {}),
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
    ...(r.jsonSchema
      ? { response_format: { type: 'json_schema', json_schema: { name: r.jsonSchema.name, schema: r.jsonSchema.schema, strict: true } } }
      : {}),
  };
}

/** A short reason fit for a log or a user; the SDK's messages never carry the key. */
function describe(error: unknown): string {
  if (error instanceof APIError && error.status !== undefined) return `HTTP ${error.status}: ${error.message}`.slice(0, 500);
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

const gateways = new WeakMap<Store, ModelGateway>();

/** The process's gateway for this database (the limits are per process, as the queues live here). */
export function modelGateway(store: Store): ModelGateway {
  let gateway = gateways.get(store);
  if (!gateway) {
    gateway = new ModelGateway(store);
    gateways.set(store, gateway);
  }
  return gateway;
}

/** Tests and benchmarks: a gateway with other options for this store. */
export function setModelGateway(store: Store, gateway: ModelGateway): void {
  gateways.set(store, gateway);
}

/**
 * The one way tutorloop calls a model. Per endpoint and per process: at most `maxConcurrency` calls
 * in flight and `requestsPerMinute` attempts started per minute (p-queue), retries with backoff and
 * jitter (retry.ts), and a row in `model_calls` for every call with its tokens and dollars. A call
 * for a project whose model budget is spent does not start (BudgetExhaustedError; budgets.ts keeps
 * the cap and the spend in memory, so a call reads nothing from the database before it starts).
 *
 * The HTTP is the official `openai` SDK's (its own retries are off so every attempt passes the
 * limits here); its `fetch` is undici's `request` on keep-alive connections (dispatcherFetch.ts), with
 * a socket for every call in flight; the SDK client is made once per endpoint and reused. The API
 * key is decrypted only to build the SDK client and is never logged. Call rows are committed in
 * batches under load (batchWriter.ts), each before its call returns.
 */
import OpenAI from 'openai';
import PQueue from 'p-queue';
import { Agent } from 'undici';
import { callCostUsd, type ModelCallPurpose } from '../../domain/models.js';
import { sealedKeyOf, type CallRecord, type EndpointRecord } from '../../store/repositories/modelEndpoints.js';
import { storeCalls } from '../../store/repositories/modelCalls.js';
import { BudgetGuard } from './budgets.js';
import { BatchWriter } from './batchWriter.js';
import type { Store } from '../../store/database.js';
import type { ServiceContext } from '../context.js';
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './retry.js';
import { dispatcherFetch } from './dispatcherFetch.js';
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
  sdk: OpenAI;
}

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
  /**
   * Keep-alive connections for every endpoint, through undici's dispatcher API rather than any fetch
   * (dispatcherFetch.ts: about half a call's CPU in bench:models). No cap on sockets per origin: each
   * lane's queue already bounds its calls in flight, and each in-flight call gets a socket.
   */
  private readonly fetch = dispatcherFetch(new Agent({ keepAliveTimeout: 30_000 }));

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
        const reply = await lane.queue.add(() => lane.sdk.chat.completions.create(toSdkRequest(endpoint.model, request)));
        inputTokens += reply.usage?.prompt_tokens ?? 0;
        outputTokens += reply.usage?.completion_tokens ?? 0;
        const text = reply.choices[0]?.message?.content ?? '';
        const { costUsd, latencyMs } = await finish('ok', null);
        return { text, model: reply.model ?? endpoint.model, inputTokens, outputTokens, costUsd, latencyMs, attempts };
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
    this.lanes.delete(endpointId);
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
      sdk: new OpenAI({
        apiKey: openSecret(sealed, 'model-api-key'),
        baseURL: endpoint.baseUrl,
        timeout: endpoint.timeoutMs,
        maxRetries: 0,
        logLevel: 'off',
        fetch: this.fetch as unknown as typeof fetch,
      }),
    };
  }
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
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `HTTP ${error.status}: ${error.message}`.slice(0, 500);
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

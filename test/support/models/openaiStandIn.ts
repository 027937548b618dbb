/**
 * TEST INFRASTRUCTURE ONLY: a stand-in for an OpenAI-compatible Chat Completions server. No model
 * runs on these machines, so tests point the real `openai` SDK client (through tutorloop's model
 * gateway) at this real HTTP server. Replies are deterministic; a test can queue faults (429 with
 * retry-after, 500, slow replies, malformed JSON) and reads what the server saw (requests, the
 * most calls in flight at once, the bearer keys). The product never ships or defaults to it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
}

/** One injected fault, used by the next request that arrives. */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfter?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed' };

export interface StandInOptions {
  /** The bearer key every request must carry (401 otherwise). */
  apiKey: string;
  /** Added to every reply, to model a server's latency. */
  latencyMs?: number;
  /** The reply's content for a request; default "ready" for the endpoint test, else a fixed echo. */
  respond?: (body: ChatBody) => string;
  /**
   * The first `count` requests are held until `count` are in flight together (or `timeoutMs` has
   * passed), so a test can tell "that many calls at once" from load-dependent timing.
   */
  gate?: { count: number; timeoutMs: number };
}

export interface StandIn {
  /** Base URL to register, ending in /v1. */
  baseUrl: string;
  /** Every request body received, in arrival order (rejected ones too). */
  requests: ChatBody[];
  /** Bearer keys seen, for tests that the stored key decrypts to the registered one. */
  keysSeen: Set<string>;
  /** The highest number of requests in flight at once. */
  maxInFlight: () => number;
  /** Arrival times (ms, this process's clock) of every request. */
  arrivals: number[];
  inject: (...faults: Fault[]) => void;
  close: () => Promise<void>;
}

/** Rough tokens: one per four characters, at least one (deterministic, like a tokenizer's count). */
export const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function defaultReply(body: ChatBody): string {
  const last = body.messages.at(-1)?.content ?? '';
  if (/single word: ready/i.test(last)) return 'ready';
  return `stand-in reply to ${JSON.stringify(last.slice(0, 60))} from ${body.model}`;
}

export async function startOpenAiStandIn(options: StandInOptions): Promise<StandIn> {
  const faults: Fault[] = [];
  const requests: ChatBody[] = [];
  const arrivals: number[] = [];
  const keysSeen = new Set<string>();
  let inFlight = 0;
  let peak = 0;
  const gate = options.gate ? heldUntil(options.gate.count, options.gate.timeoutMs) : null;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    peak = Math.max(peak, inFlight);
    arrivals.push(performance.now());
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: 'not found' } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
      requests.push(body);
      const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      keysSeen.add(key);
      if (key !== options.apiKey) return send(res, 401, { error: { message: 'invalid api key', type: 'invalid_request_error' } });
      if (gate && requests.length <= gate.count) await gate.arrive();
      if (options.latencyMs) await delay(options.latencyMs);
      const fault = faults.shift();
      if (fault?.kind === 'status') {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
        return send(res, fault.status, { error: { message: `injected ${fault.status}`, type: 'server_error' } }, headers);
      }
      if (fault?.kind === 'slow') await delay(fault.delayMs);
      const content = fault?.kind === 'malformed' ? '{"choice": ' : (options.respond ?? defaultReply)(body);
      const prompt = body.messages.map((m) => m.content).join('\n');
      send(res, 200, {
        id: `chatcmpl-standin-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
        usage: {
          prompt_tokens: tokensOf(prompt),
          completion_tokens: tokensOf(content),
          total_tokens: tokensOf(prompt) + tokensOf(content),
        },
      });
    } finally {
      inFlight--;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    keysSeen,
    arrivals,
    maxInFlight: () => peak,
    inject: (...f) => faults.push(...f),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A gate that opens when `count` have arrived, or after `timeoutMs`. */
function heldUntil(count: number, timeoutMs: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const timer = setTimeout(() => open(), timeoutMs).unref();
  void opened.then(() => clearTimeout(timer));
  return {
    count,
    arrive: () => {
      if (++arrived >= count) open();
      return opened;
    },
  };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

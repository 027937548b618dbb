/**
 * The model worker (started by sdkThread.ts): the one thread of a process where the openai SDK runs.
 * It holds one SDK client per lane (an endpoint's base URL, timeout and key, sent once by the main
 * thread) over one keep-alive undici Agent (dispatcherFetch.ts), makes each call it is sent — one
 * attempt, the SDK's own retries off — and answers with the reply's text and token counts, or the
 * error as plain data without the key (sdkWire.ts). Limits, retries and accounting stay on the main
 * thread; here is only the request building, the HTTP and the parsing, which were most of a call's CPU.
 */
import { parentPort } from 'node:worker_threads';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { dispatcherFetch } from './dispatcherFetch.js';
import { batchedPost, wireError, type FromWorker, type ToWorker } from './sdkWire.js';

/** No cap on sockets per origin: each lane's queue on the main thread bounds its calls in flight. */
const fetch = dispatcherFetch(new Agent({ keepAliveTimeout: 30_000 }));
const lanes = new Map<number, { sdk: OpenAI; apiKey: string }>();
const port = parentPort!;
const answer = batchedPost<FromWorker>((batch) => port.postMessage(batch));

port.on('message', (batch: ToWorker[]) => {
  for (const m of batch) take(m);
});

function take(m: ToWorker): void {
  if (m.kind === 'lane') {
    const sdk = new OpenAI({
      apiKey: m.apiKey,
      baseURL: m.baseUrl,
      timeout: m.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    lanes.set(m.lane, { sdk, apiKey: m.apiKey });
  } else if (m.kind === 'forget') lanes.delete(m.lane);
  else void call(m);
}

async function call({ id, lane, params }: Extract<ToWorker, { kind: 'call' }>): Promise<void> {
  const client = lanes.get(lane);
  try {
    if (!client) throw new Error(`model lane ${lane} was never opened in this worker`);
    const reply = await client.sdk.chat.completions.create(params);
    answer({
      id,
      ok: true,
      reply: {
        text: reply.choices[0]?.message?.content ?? '',
        model: reply.model ?? null,
        inputTokens: reply.usage?.prompt_tokens ?? 0,
        outputTokens: reply.usage?.completion_tokens ?? 0,
      },
    });
  } catch (error) {
    answer({ id, ok: false, error: wireError(error, client?.apiKey) });
  }
}

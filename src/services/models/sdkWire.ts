/**
 * What crosses between the main thread (sdkThread.ts) and the model worker (sdkWorker.ts): plain,
 * structured-clone data. An SDK error crosses as a `WireError` and is rebuilt on the main thread as
 * the SDK's own class (`rebuildError`), so the retry rule (retry.ts) and the gateway's messages read
 * it exactly as if the SDK had thrown it there. The worker strips the lane's API key from anything
 * it sends back (`redacted`): a server that echoes the key in an error body must not put it in a log.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type OpenAI from 'openai';

/** What an SDK client is built from: a change to any of these is a new lane (client.ts). */
export interface LaneSpec {
  lane: number;
  baseUrl: string;
  timeoutMs: number;
  apiKey: string;
}

export type ToWorker =
  | ({ kind: 'lane' } & LaneSpec)
  | { kind: 'call'; id: number; lane: number; params: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming }
  | { kind: 'forget'; lane: number };

/** The part of a completion the gateway reads. */
export interface SdkReply {
  text: string;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
}

export type WireError =
  | { kind: 'http'; status: number; body: unknown; message: string; headers: [string, string][] }
  | { kind: 'timeout'; message: string }
  | { kind: 'connection'; message: string }
  | { kind: 'other'; name: string; message: string };

export type FromWorker = { id: number; ok: true; reply: SdkReply } | { id: number; ok: false; error: WireError };

/**
 * Messages one way, posted together once per turn of the event loop: replies (and the calls they
 * free) arrive in bunches, and one message for a bunch costs one wake-up of the other thread, not one
 * per call (that was a fifth of the worker's CPU).
 */
export function batchedPost<M>(post: (batch: M[]) => void): (message: M) => void {
  let batch: M[] | null = null;
  return (message) => {
    if (batch) return void batch.push(message);
    batch = [message];
    setImmediate(() => {
      const sending = batch!;
      batch = null;
      post(sending);
    });
  };
}

/** In the worker: an error the SDK threw, as plain data without the key. */
export function wireError(error: unknown, apiKey: string | undefined): WireError {
  return redacted(plainError(error), apiKey);
}

function plainError(error: unknown): WireError {
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', message: error.message };
  if (error instanceof APIConnectionError) return { kind: 'connection', message: error.message };
  if (error instanceof APIError && error.status !== undefined) {
    const headers: [string, string][] = error.headers ? [...error.headers.entries()] : [];
    return { kind: 'http', status: error.status, body: error.error ?? null, message: error.message, headers };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name: e.name, message: e.message };
}

/** Every occurrence of the key, wherever it sits (message, body, headers), replaced. */
export function redacted<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  const text = JSON.stringify(value);
  const escaped = JSON.stringify(secret).slice(1, -1);
  return text.includes(escaped) ? (JSON.parse(text.split(escaped).join('[redacted]')) as T) : value;
}

/** On the main thread: the SDK's own error class again, with the worker's message word for word. */
export function rebuildError(wire: WireError): Error {
  switch (wire.kind) {
    case 'timeout':
      return new APIConnectionTimeoutError({ message: wire.message });
    case 'connection':
      return new APIConnectionError({ message: wire.message });
    case 'http': {
      const error = APIError.generate(wire.status, { error: wire.body ?? undefined }, undefined, new Headers(wire.headers));
      error.message = wire.message;
      return error;
    }
    default:
      return Object.assign(new Error(wire.message), { name: wire.name });
  }
}

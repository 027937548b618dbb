/**
 * The `fetch` the openai SDK is given (its `fetch` option): undici's `request` on a keep-alive
 * dispatcher, the reply read whole and handed back as a standard `Response`. The SDK still builds
 * the request, checks the status, parses the body and raises its errors; what this skips is the
 * WHATWG fetch machinery between it and the socket (a `Request` object, its abort signals, a web
 * stream pumped from the socket), which was about half of a model call's CPU in bench:models.
 *
 * Aborts (the SDK's timeout) reject with the signal's reason, an `AbortError` the SDK reports as a
 * timeout; a socket failure rejects with undici's error, which the SDK reports as a connection error.
 * A body this does not send as is (a stream, form data) goes through undici's own fetch instead.
 */
import { fetch as undiciFetch, Response, type Dispatcher } from 'undici';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Statuses whose response has no body (a Response with one would throw). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function dispatcherFetch(dispatcher: Dispatcher): Fetch {
  return async (input, init = {}) => {
    const body = init.body ?? null;
    if (body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      return undiciFetch(input, { ...(init as object), dispatcher }) as Promise<Response>;
    }
    const url = typeof input === 'string' ? new URL(input) : input;
    const reply = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: requestHeaders(init.headers),
      body,
      signal: init.signal ?? undefined,
    });
    const bytes = await reply.body.bytes();
    return new Response(NULL_BODY.has(reply.statusCode) ? null : bytes, {
      status: reply.statusCode,
      headers: responseHeaders(reply.headers),
    });
  };
}

/** The SDK passes a Headers object; undici takes a flat [name, value, …] list. */
function requestHeaders(headers: RequestInit['headers']): string[] {
  const flat: string[] = [];
  if (!headers) return flat;
  const pairs = Symbol.iterator in headers ? headers : Object.entries(headers);
  for (const [name, value] of pairs as Iterable<[string, string]>) flat.push(name, value);
  return flat;
}

function responseHeaders(headers: Dispatcher.ResponseData['headers']): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

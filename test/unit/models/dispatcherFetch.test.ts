/**
 * The openai SDK over dispatcherFetch (undici `request` instead of WHATWG fetch), against a real
 * HTTP server: what the SDK sends arrives whole, and what it reads back (status, every header, the
 * body, a timeout, a refused connection) reaches it as it would through fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, RateLimitError } from 'openai';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherFetch } from '../../../src/services/models/dispatcherFetch.js';

let server: Server;
let baseURL: string;
const seen: { path: string; authorization?: string; contentType?: string; body: string }[] = [];
const agent = new Agent({ keepAliveTimeout: 1_000 });

const completion = (content: string) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      const model = body ? (JSON.parse(body) as { model: string }).model : '';
      if (model === 'limited') {
        res.writeHead(429, [
          ['content-type', 'application/json'],
          ['retry-after', '7'],
          ['x-note', 'one'],
          ['x-note', 'two'],
        ]);
        return res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      }
      if (model === 'slow') return void setTimeout(() => res.end(), 2_000).unref();
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-9' });
      res.end(JSON.stringify(completion(`héllo ${model}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (url = baseURL, timeout = 10_000) =>
  new OpenAI({ apiKey: 'sk-test', baseURL: url, maxRetries: 0, timeout, fetch: dispatcherFetch(agent) as unknown as typeof fetch });

describe('the openai SDK over dispatcherFetch', () => {
  it('sends the path, key, content type and body, and reads the reply, its UTF-8 text and request id', async () => {
    const reply = await client().chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0].message.content).toBe('héllo plain');
    expect(reply.usage?.total_tokens).toBe(5);
    expect(reply._request_id).toBe('req-9');
    const request = seen.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.contentType).toBe('application/json');
    expect(JSON.parse(request.body)).toMatchObject({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('hands an error status to the SDK with every header, repeated ones too', async () => {
    const call = client().chat.completions.create({ model: 'limited', messages: [{ role: 'user', content: 'hi' }] });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect(limited.status).toBe(429);
    expect(limited.headers?.get('retry-after')).toBe('7');
    expect(limited.headers?.get('x-note')).toBe('one, two');
    expect(limited.message).toMatch(/slow down/);
  });

  it('a reply slower than the timeout is the SDK timeout error; a refused connection a connection error', async () => {
    const slow = client(baseURL, 100).chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] });
    await expect(slow).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = client(`http://127.0.0.1:${port}/v1`).chat.completions.create({
      model: 'plain',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

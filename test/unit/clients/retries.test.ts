/**
 * The two HTTP clients that write on a tutor's behalf (the web app's and the simulator's) retry a
 * write whose answer was lost: a reset connection, then a 503 with retry-after, then the answer.
 * Every attempt carries the same Idempotency-Key, so the server can replay instead of redo.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../../web/src/api/client.js';
import { HttpClient } from '../../../src/simulator/httpClient.js';
import { LoadMeter } from '../../../src/simulator/load.js';

interface Seen {
  key: string | undefined;
  body: string;
}

/** A real server that drops the first connection, answers 503 to the second, then 201. */
async function flakyServer(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ key: req.headers['idempotency-key'] as string | undefined, body });
    if (seen.length === 1) return void req.socket.destroy();
    if (seen.length === 2) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      return void res.end(JSON.stringify({ error: { code: 'unavailable', message: 'the database is unavailable: try again shortly' } }));
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ annotationId: 7 }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, server };
}

describe('clients retry lost writes with one Idempotency-Key', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

  it('the web app client', async () => {
    const s = await flakyServer();
    server = s.server;
    const out = await request<{ annotationId: number }>(`${s.url}/api/assignments/1/submit`, {
      method: 'POST',
      body: { response: { choice: 'a' }, durationMs: 5 },
      idempotent: true,
    });
    expect(out).toEqual({ annotationId: 7 });
    expect(s.seen).toHaveLength(3);
    expect(s.seen[0].key).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(new Set(s.seen.map((x) => x.key)).size).toBe(1);
    expect(new Set(s.seen.map((x) => x.body)).size).toBe(1);
  });

  it('the simulator client', async () => {
    const s = await flakyServer();
    server = s.server;
    const client = new HttpClient(s.url, new LoadMeter());
    const answer = await client.call('submit', 'POST', '/api/assignments/1/submit', {
      json: { response: { choice: 'a' }, durationMs: 5 },
      retry: 'idempotent',
    });
    expect(answer.status).toBe(201);
    expect(s.seen).toHaveLength(3);
    expect(s.seen[0].key).toBeDefined();
    expect(new Set(s.seen.map((x) => x.key)).size).toBe(1);
  });

  it('a write not marked for retry fails on the first lost answer', async () => {
    const s = await flakyServer();
    server = s.server;
    await expect(request(`${s.url}/api/assignments/1/flag`, { method: 'POST', body: { note: 'x' } })).rejects.toMatchObject({
      status: 0,
      code: 'network',
    });
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0].key).toBeUndefined();
  });
});

/**
 * Webhooks survive crashes (issue 19): the server is SIGKILLed after acknowledging submits and before
 * delivering their events, then again while the receiver holds the deliveries unanswered; after the
 * restart every event arrives at a real receiver (verifying each signature with `standardwebhooks`),
 * and the ones sent twice carry the same `webhook-id`.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createUser } from '../../src/services/users/createUser.js';
import { actorOf } from '../../src/services/users/index.js';
import { createWebhookEndpoint } from '../../src/services/webhooks/endpoints.js';
import { testDatabases } from '../support/databases.js';
import { startReceiver, type Receiver } from '../support/webhookReceiver.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';
import { seedScenario, type Scenario } from './support/setup.js';

const SUBMITS = 5;

beforeAll(() => buildCli());

/** Starts a server with these webhook settings (the child inherits the environment at spawn). */
async function serverWith(url: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const s = new ServerProcess(url, port);
    await s.start();
    return s;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function submit(base: string, scenario: Scenario): Promise<number[]> {
  const auth = { authorization: `Bearer ${scenario.tutors[0].token}` };
  const ids: number[] = [];
  for (let i = 0; i < SUBMITS; i++) {
    const next = await fetch(`${base}/api/projects/${scenario.projectId}/next`, { method: 'POST', headers: auth });
    expect(next.status).toBe(200);
    const lease = (await next.json()) as { assignment: { id: number } };
    const res = await fetch(`${base}/api/assignments/${lease.assignment.id}/submit`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ response: { choice: 'a' }, durationMs: 1000 }),
    });
    expect([200, 201]).toContain(res.status);
    ids.push(((await res.json()) as { annotationId: number }).annotationId);
  }
  return ids;
}

describe.each(testDatabases())('webhooks across SIGKILL on $name', ({ freshUrl }) => {
  let server: ServerProcess | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('delivers every acknowledged event after restarts, duplicates under the same webhook-id', async () => {
    const url = await freshUrl();
    const scenario = await seedScenario(url, { tutors: 1, tasks: 10, overlap: 1 });
    receiver = await startReceiver();
    const store = await openStore(url);
    try {
      const ctx = serviceContext(store);
      const admin = await createUser(ctx, null, {
        email: 'admin@faults.test',
        name: 'Admin',
        role: 'admin',
        password: 'a long admin password 42',
      });
      const made = await createWebhookEndpoint(ctx, actorOf(admin), { url: receiver.url, events: ['annotation.submitted'] });
      receiver.secret = made.secret;
    } finally {
      await store.close();
    }
    const port = await freePort();

    // 1. Acknowledged submits; the worker's next look is a minute away when the server is killed.
    server = await serverWith(url, port, { TUTORLOOP_WEBHOOK_POLL_MS: '60000' });
    const annotations = await submit(server.url, scenario);
    await server.kill('SIGKILL');
    expect(receiver.received).toHaveLength(0);

    // 2. The receiver takes the deliveries and never answers; the server dies with them in flight.
    receiver.hold = true;
    server = await serverWith(url, port, { TUTORLOOP_WEBHOOK_POLL_MS: '100', TUTORLOOP_WEBHOOK_TIMEOUT_MS: '1000' });
    await receiver.waitFor(SUBMITS);
    await server.kill('SIGKILL');

    // 3. The receiver answers again: once the dead server's claims lapse, everything arrives.
    receiver.hold = false;
    server = await serverWith(url, port, { TUTORLOOP_WEBHOOK_POLL_MS: '100', TUTORLOOP_WEBHOOK_TIMEOUT_MS: '1000' });
    const got = await receiver.waitFor(2 * SUBMITS, 60_000);
    expect(got.every((r) => r.verified)).toBe(true);
    const delivered = got.map((r) => Number(r.body.data.annotationId));
    expect([...new Set(delivered)].sort((a, b) => a - b)).toEqual(annotations);
    // Every message came twice (held, then sent again), each time under its own unchanging id.
    const perId = new Map<string, Set<number>>();
    for (const r of got) perId.set(r.id, (perId.get(r.id) ?? new Set()).add(Number(r.body.data.annotationId)));
    expect(perId.size).toBe(SUBMITS);
    expect([...perId.values()].every((s) => s.size === 1)).toBe(true);
  });
});

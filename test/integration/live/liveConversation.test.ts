/**
 * Live conversations with models on both databases, against the stand-in server (test
 * infrastructure): k blind replies, rankings stored, an edit continues the chat, a retried ask pays
 * nothing twice, a restart resumes the session, the finished chat exports as `sft` and turn-level
 * `dpo` with provenance in `source_meta`, a spent budget stops asking, and another tutor sees a 404.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../../src/services/index.js';
import { exportProject } from '../../../src/services/export/exportProject.js';
import { addModelEndpoint, ModelGateway, setModelGateway, setModelBudget } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { startOpenAiStandIn, type ChatBody, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-live-test';
/** The reply says which question it answers but never which model wrote it (the test checks for the names). */
const reply = (b: ChatBody) => `${b.model === 'alpha' ? 'Briefly' : 'At length'}: about "${b.messages.at(-1)?.content}"`;

type Json = Record<string, any>;

describe.each(testDatabases())('live conversations on $name', ({ freshUrl }) => {
  let h: Harness;
  let url: string;
  let standIn: StandIn;
  let admin: Person;
  let manager: Person;
  let tutor: Person;
  let cookies: Record<string, string>;
  let projectId: number;

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await h.app.inject({ method, url: path, payload, headers, cookies: { tl_session: cookies[who] } });
    return { status: res.statusCode, body: res.json() as Json, text: res.body };
  };
  const sessions = () => `/api/projects/${projectId}/live-sessions`;
  const modelCalls = async () =>
    Number(
      (
        await h.store.db
          .selectFrom('model_calls')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({ apiKey: API_KEY, respond: reply });
    url = await freshUrl();
    h = await harness(url);
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 } }));
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor', domains: ['general'] });
    const other = await addUser(h, { email: 'other@example.org', role: 'tutor', domains: ['general'] });
    cookies = { manager: await signIn(h, manager), tutor: await signIn(h, tutor), other: await signIn(h, other) };
    for (const [name, model] of [
      ['m1', 'alpha'],
      ['m2', 'beta'],
    ])
      await addModelEndpoint(h.ctx, asActor(admin), {
        name,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
      });
    const project = await createProject(h.ctx, asActor(manager), {
      name: 'Live chat',
      type: 'conversation',
      domains: ['general'],
      overlap: 2,
      rubric: [{ name: 'helpful', scale: 5 }],
    });
    projectId = project.id;
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  it('lets only a manager choose the endpoints, and audits it', async () => {
    const settings = { endpoints: ['m1', 'm2'], samples: 1, temperature: 0.5 };
    expect((await call('tutor', 'PUT', `/api/projects/${projectId}/live-settings`, settings)).status).toBe(403);
    const bad = await call('manager', 'PUT', `/api/projects/${projectId}/live-settings`, { endpoints: ['m1', 'nope'] });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('field endpoints.1')]);
    const put = await call('manager', 'PUT', `/api/projects/${projectId}/live-settings`, settings);
    expect(put.body.settings).toMatchObject({ endpoints: ['m1', 'm2'], samples: 1, replies: 2 });
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'live.settings').execute();
    expect(audit).toEqual([{ action: 'live.settings', target_id: String(projectId) }]);
  });

  let sessionId: number;
  let firstOrder: string[];

  it('asks k endpoints blind; a retried ask pays nothing twice; another tutor gets 404', async () => {
    const made = await call('tutor', 'POST', sessions(), {});
    expect(made.status).toBe(201);
    sessionId = made.body.id;
    const asked = await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 0, content: 'Capital of France?' });
    expect(asked.status).toBe(200);
    expect(asked.body.asking.replies).toHaveLength(2);
    expect(asked.body.asking.replies.map((r: Json) => r.text).sort()).toEqual([
      'At length: about "Capital of France?"',
      'Briefly: about "Capital of France?"',
    ]);
    // Provenance stays server-side: nothing the tutor reads names an endpoint or a model.
    expect(asked.text).not.toMatch(/alpha|beta|m1|m2|stand-in/);
    expect(standIn.requests).toHaveLength(2);
    const paid = await modelCalls();
    expect(paid).toBe(2);

    const again = await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 0, content: 'Capital of France?' });
    expect(again.body.asking).toEqual(asked.body.asking);
    const keyed = { 'idempotency-key': 'ask-1' };
    await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 0, content: 'Capital of France?' }, keyed);
    await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 0, content: 'Capital of France?' }, keyed);
    expect([standIn.requests.length, await modelCalls()]).toEqual([2, paid]);
    const changed = await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 0, content: 'Something else' });
    expect(changed.status).toBe(409);

    for (const path of ['', '/ask', '/choose', '/finish']) {
      const body = path === '/ask' ? { turn: 0, content: 'x' } : path === '/choose' ? { turn: 1, order: ['a'] } : undefined;
      const res = await call('other', path ? 'POST' : 'GET', `${sessions()}/${sessionId}${path}`, body);
      expect(res.status, path).toBe(404);
    }
    expect((await call('other', 'GET', sessions())).body.sessions).toEqual([]);
    firstOrder = [...asked.body.asking.replies.map((r: Json) => r.id)].reverse();
  });

  it('stores the ranking, continues from the edit, and resumes after a restart', async () => {
    const wrong = await call('tutor', 'POST', `${sessions()}/${sessionId}/choose`, { turn: 1, order: [firstOrder[0]] });
    expect([wrong.status, wrong.body.error.message]).toEqual([400, expect.stringContaining('must rank every reply exactly once')]);
    const chose = await call('tutor', 'POST', `${sessions()}/${sessionId}/choose`, { turn: 1, order: firstOrder, edit: 'Paris.' });
    expect(chose.status).toBe(200);
    expect(chose.body.messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
    ]);
    const stored = await h.store.db.selectFrom('live_sessions').select('rankings').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.rankings)).toEqual({ 1: ['edited', ...firstOrder] });
    // The same choice again is a no-op.
    expect((await call('tutor', 'POST', `${sessions()}/${sessionId}/choose`, { turn: 1, order: firstOrder, edit: 'Paris.' })).status).toBe(
      200,
    );

    const second = await call('tutor', 'POST', `${sessions()}/${sessionId}/ask`, { turn: 2, content: 'And of Spain?' });
    expect(standIn.requests.at(-1)!.messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And of Spain?' },
    ]);
    // A restart: a new server over the same database reads the session back as it was.
    await h.close();
    h = await harness(url);
    cookies.tutor = await signIn(h, tutor);
    const resumed = await call('tutor', 'GET', `${sessions()}/${sessionId}`);
    expect(resumed.body.asking).toEqual(second.body.asking);
    expect(resumed.body.messages).toHaveLength(3);
    const best = second.body.asking.replies.find((r: Json) => r.text.startsWith('Briefly')).id;
    const rest = second.body.asking.replies.filter((r: Json) => r.id !== best).map((r: Json) => r.id);
    expect((await call('tutor', 'POST', `${sessions()}/${sessionId}/choose`, { turn: 3, order: [best, ...rest] })).status).toBe(200);
  });

  it('finishes as a conversation task whose chosen path exports as sft and whose rankings export as dpo', async () => {
    const done = await call('tutor', 'POST', `${sessions()}/${sessionId}/finish`);
    expect([done.status, done.body.state, done.body.taskId]).toEqual([200, 'finished', `live-${sessionId}`]);
    expect((await call('tutor', 'POST', `${sessions()}/${sessionId}/finish`)).body.taskId).toBe(`live-${sessionId}`);
    const lines = async (format: 'sft' | 'dpo') => {
      const out: Json[] = [];
      for await (const l of await exportProject(h.ctx, projectId, format)) out.push(JSON.parse(l));
      return out;
    };
    const sft = await lines('sft');
    expect(sft).toHaveLength(1);
    expect(sft[0].messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And of Spain?' },
      { role: 'assistant', content: 'Briefly: about "And of Spain?"' },
    ]);
    const provenance = JSON.parse(sft[0].source_meta).live.replies as Record<string, Json>;
    expect(provenance['1:edited']).toEqual({ author: 'tutor' });
    expect(
      Object.values(provenance)
        .filter((p) => p.endpoint)
        .map((p) => p.model)
        .sort(),
    ).toEqual(['alpha', 'alpha', 'beta', 'beta']);

    const dpo = await lines('dpo');
    const pairs = dpo.map((d) => [d.meta.chosenId, d.meta.rejectedId]);
    expect(pairs).toEqual([
      ['1:edited', `1:${firstOrder[0]}`],
      [`1:${firstOrder[0]}`, `1:${firstOrder[1]}`],
      [expect.stringMatching(/^3:/), expect.stringMatching(/^3:/)],
    ]);
    expect(dpo[0].prompt).toEqual([{ role: 'user', content: 'Capital of France?' }]);
    expect(dpo[0].chosen).toEqual([{ role: 'assistant', content: 'Paris.' }]);
    expect(dpo[2].chosen[0].content).toBe('Briefly: about "And of Spain?"');
    // Judged live, the task is closed to routing.
    const task = await h.store.db
      .selectFrom('tasks')
      .select(['is_open', 'submitted_count'])
      .where('external_id', '=', `live-${sessionId}`)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ is_open: 0, submitted_count: 1 });
  });

  it('stops asking with a clear error once the budget is spent', async () => {
    await setModelBudget(h.ctx, asActor(admin), projectId, { limitUsd: 0 });
    const s = await call('tutor', 'POST', sessions(), {});
    const before = standIn.requests.length;
    const res = await call('tutor', 'POST', `${sessions()}/${s.body.id}/ask`, { turn: 0, content: 'One more?' });
    expect([res.status, res.body.error.message]).toEqual([409, expect.stringMatching(/model budget is spent/)]);
    expect(standIn.requests.length).toBe(before);
    expect((await call('tutor', 'GET', `${sessions()}/${s.body.id}`)).body.messages).toEqual([]);
    await setModelBudget(h.ctx, asActor(admin), projectId, { limitUsd: null });
  });
});

/**
 * The export route over HTTP on both databases: formats and styles as query parameters, what was left out
 * as the trailer `X-Export-Summary` and from `/export/summary`, bad values a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExportWorkers } from '../../../src/services/offload/exportWorkers.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';

describe.each(testDatabases())('export routes on $name', ({ freshUrl }) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  let projectId: number;
  let url: string;
  const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, cookies: { tl_session: cookie[who] } });

  beforeAll(async () => {
    url = await freshUrl();
    h = await harness(url);
    cookie.manager = await signIn(h, await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    for (const who of ['ana', 'ben']) cookie[who] = await signIn(h, await addUser(h, { email: `${who}@example.org` }));
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/projects',
      cookies: { tl_session: cookie.manager },
      payload: { name: 'Pairs', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0.5 },
    });
    projectId = created.json().project.id;
    const body = ['agree', 'split', 'gold']
      .map((id) =>
        JSON.stringify({
          id,
          type: 'preference',
          domain: 'general',
          prompt: `${id}?`,
          responses: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
          ...(id === 'gold' ? { gold: { choice: 'a' } } : {}),
        }),
      )
      .join('\n');
    await h.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/tasks`,
      payload: `${body}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      cookies: { tl_session: cookie.manager },
    });
    for (const who of ['ana', 'ben']) {
      for (;;) {
        const next = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: cookie[who] } });
        if (next.statusCode === 204) break;
        const { assignment, task } = next.json();
        const choice = task.payload.prompt === 'split?' && who === 'ben' ? 'b' : 'a';
        const r = await h.app.inject({
          method: 'POST',
          url: `/api/assignments/${assignment.id}/submit`,
          payload: { response: { choice }, durationMs: 1000 },
          cookies: { tl_session: cookie[who] },
        });
        expect(r.statusCode).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await h?.ctx.exportWorkers?.close();
    await h?.close();
  });

  it('streams the chosen style and ends with the summary trailer; /export/summary says the same', async () => {
    const res = await get('manager', `/api/projects/${projectId}/export?format=dpo&style=trl-standard`);
    expect(res.statusCode).toBe(200);
    const rows = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({ prompt: 'agree?', chosen: 'A', rejected: 'B' })]);
    const trailer = JSON.parse(String(res.trailers['x-export-summary']));
    expect(trailer).toMatchObject({ format: 'dpo', style: 'trl-standard', rows: 1, leftOut: { split: 1 } });
    const summary = await get('manager', `/api/projects/${projectId}/export/summary?format=dpo&style=trl-standard`);
    expect(summary.json()).toEqual(trailer);
    const ties = await get('manager', `/api/projects/${projectId}/export/summary?format=dpo&includeTies=true`);
    expect(ties.json()).toMatchObject({ rows: 2, includeTies: true, leftOut: { split: 0 } });
  });

  it('the annotations summary, counted in SQL without forming the export, says what the streamed export says', async () => {
    // Both tutors judged the gold task too: the count must leave its judgments out, as the export does.
    const onGold = await h.store.db
      .selectFrom('annotations as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(onGold.n)).toBe(2);
    const res = await get('manager', `/api/projects/${projectId}/export?format=annotations`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\n');
    expect(lines).toHaveLength(4);
    const trailer = JSON.parse(String(res.trailers['x-export-summary']));
    expect(trailer).toMatchObject({ rows: 4, leftOut: { gold: 1 } });
    const summary = await get('manager', `/api/projects/${projectId}/export/summary?format=annotations`);
    expect(summary.json()).toEqual(trailer);
  });

  it('formed by export workers (a task or a judgment a slice), the same body and trailer', async () => {
    const formats = ['dpo&includeTies=true', 'annotations'];
    const inline = [];
    for (const f of formats) inline.push(await get('manager', `/api/projects/${projectId}/export?format=${f}`));
    h.ctx.exportWorkers = startExportWorkers(url, { workers: 2, sliceItems: 1, minItems: 0 });
    try {
      for (const [i, f] of formats.entries()) {
        const res = await get('manager', `/api/projects/${projectId}/export?format=${f}`);
        expect(res.statusCode).toBe(200);
        expect(res.body.split('\n').length).toBeGreaterThan(2);
        expect(res.body).toBe(inline[i].body);
        expect(JSON.parse(String(res.trailers['x-export-summary']))).toEqual(JSON.parse(String(inline[i].trailers['x-export-summary'])));
      }
    } finally {
      await h.ctx.exportWorkers.close();
      h.ctx.exportWorkers = undefined;
    }
  });

  it('a bad style or a format that does not fit is a 400; tutors get 403', async () => {
    expect((await get('manager', `/api/projects/${projectId}/export?format=dpo&style=nope`)).statusCode).toBe(400);
    const wrong = await get('manager', `/api/projects/${projectId}/export?format=stepwise`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/steps project/);
    expect((await get('ana', `/api/projects/${projectId}/export/summary?format=dpo`)).statusCode).toBe(403);
    expect((await get('ana', `/api/projects/${projectId}/export?format=dpo`)).statusCode).toBe(403);
  });
});

/**
 * #12 item 2: a tutor's own gold figures are released in batches, never per item. Submitting a gold
 * task changes nothing the tutor can read (quality, notifications, me, feedback) until a release,
 * and a release moves the figures by several gold items at once; a manager sees every result live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { parseGoldRelease } from '../../../src/services/gold/goldRelease.js';

const RULE = { batch: 3, afterJudgments: 4, delayMs: 600_000 };
const TUTOR_READS = ['/api/me/quality', '/api/me/notifications', '/api/me', '/api/me/feedback'];

const line = (id: string, gold?: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain: 'general',
    prompt: `p ${id}`,
    responses: [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
    ],
    ...(gold ? { gold: { choice: gold } } : {}),
  }) + '\n';

describe.each(testDatabases())('gold results released in batches on $name', ({ freshUrl }) => {
  let h: Harness;
  let tutorCookie: string;
  let managerCookie: string;
  let projectId: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    h.ctx.goldRelease = RULE;
    await h.store.db.updateTable('settings').set({ value: 'gold-release-test' }).where('key', '=', 'secret').execute();
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
    tutorCookie = await signIn(h, tutor);
    managerCookie = await signIn(h, manager);
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'mixed',
      type: 'preference',
      domains: ['general'],
      overlap: 1,
      goldRate: 0.5,
    });
    projectId = p.id;
    await importTasks(h.ctx, asActor(manager), p.id, [
      [...Array.from({ length: 40 }, (_, i) => line(`r${i}`)), ...Array.from({ length: 20 }, (_, i) => line(`g${i}`, 'a'))].join(''),
    ]);
  });
  afterAll(() => h.close());

  const get = (url: string, cookie = tutorCookie) => h.app.inject({ method: 'GET', url, cookies: { tl_session: cookie } });
  const readAll = async () => (await Promise.all(TUTOR_READS.map(async (u) => `${u} ${(await get(u)).body}`))).join('\n');
  const goldTotal = async () =>
    ((await get('/api/me/quality')).json().gold as { goldTotal: number }[]).reduce((s, g) => s + g.goldTotal, 0);
  const liveGold = async () =>
    Number(
      (
        await h.store.db
          .selectFrom('gold_results')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('changes nothing a tutor reads on a gold submit; releases whole batches later; managers see it live', async () => {
    const released: number[] = []; // the tutor's goldTotal after each change
    let goldSubmits = 0;
    for (let i = 0; i < 30; i++) {
      h.clock.now += 60_000;
      const lease = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: tutorCookie } });
      expect(lease.statusCode).toBe(200);
      const isGold =
        (
          await h.store.db
            .selectFrom('assignments as a')
            .innerJoin('tasks as t', 't.id', 'a.task_id')
            .select('t.is_gold')
            .where('a.id', '=', lease.json().assignment.id)
            .executeTakeFirstOrThrow()
        ).is_gold === 1;
      const before = await readAll();
      const submit = await h.app.inject({
        method: 'POST',
        url: `/api/assignments/${lease.json().assignment.id}/submit`,
        cookies: { tl_session: tutorCookie },
        payload: { response: { choice: i % 3 ? 'a' : 'b' }, durationMs: 1000 },
      });
      expect(submit.statusCode).toBe(201);
      if (isGold) {
        goldSubmits++;
        // The managers' view has the result as soon as it is recorded, just after the reply (#12: gold-only work
        // never delays a gold submit's answer) ...
        await expect.poll(() => liveGold(), { timeout: 5_000, interval: 10 }).toBe(goldSubmits);
      }
      // ... but a tutor's figures move only at a release, by whole batches, never to show this one.
      const total = await goldTotal();
      const previous = released[released.length - 1] ?? 0;
      if (total !== previous) released.push(total);
      expect((total - previous) % RULE.batch).toBe(0);
      if (isGold) {
        expect(total).toBeLessThan(goldSubmits);
        if (total === previous) expect(await readAll()).toBe(before);
      }
    }
    expect(goldSubmits).toBeGreaterThanOrEqual(RULE.batch * 2);
    // Every release moved the figures by a whole number of batches (several gold items at once), never by one.
    expect(released.length).toBeGreaterThan(0);
    expect(released.every((t) => t > 0 && t % RULE.batch === 0)).toBe(true);
    // What is still held back: the most recent results, fewer judgments ago than the rule asks.
    expect(await goldTotal()).toBeLessThan(goldSubmits);
    // Time alone does not release a result the tutor has not worked past.
    h.clock.now += 24 * 3_600_000;
    const held = await goldTotal();
    expect(held).toBeLessThan(goldSubmits);
    expect(held % RULE.batch).toBe(0);
    // A manager's dashboard counts every result, live.
    const dash = await get(`/api/projects/${projectId}/quality`, managerCookie);
    expect(dash.statusCode).toBe(200);
    const overall = dash.json().gold.tutors.find((t: { name: string }) => t.name === 'tutor').overall;
    expect(overall.total).toBe(goldSubmits);
  });

  it('reads the serve option', () => {
    expect(parseGoldRelease('5/20/60')).toEqual({ batch: 5, afterJudgments: 20, delayMs: 3_600_000 });
    expect(() => parseGoldRelease('0/1/1')).toThrow(/BATCH/);
    expect(() => parseGoldRelease('five')).toThrow(/BATCH/);
  });
});

/**
 * The demo as a visitor meets it: loaded through the real services, idempotent, and each demo
 * account finds the work the README promises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { harness, type Harness } from '../../support/appHarness.js';
import { seedDemo } from '../../../src/demo/seedDemo.js';
import { DEMO_ACCOUNTS } from '../../../src/demo/accounts.js';

describe.each(testDatabases())('demo on $name', ({ freshUrl }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(await freshUrl());
  });
  afterAll(() => h.close());

  const signIn = async (email: string) => {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
    const res = await h.app.inject({ method: 'POST', url: '/api/session', payload: { email, password: account.password } });
    expect(res.statusCode).toBe(200);
    return res.cookies.find((c) => c.name === 'tl_session')!.value;
  };

  it('loads at least 60 tasks in 4+ domains and all 8 types, with gold, once', async () => {
    const first = await seedDemo(h.ctx);
    // 10 work projects (89 tasks: 69, 14 conversations, 4 rubric prompts to author, 2 to grade) + the medicine practice bank (8) and exam bank (10).
    expect(first).toEqual({ seeded: true, users: 7, projects: 12, tasks: 107 });
    const second = await seedDemo(h.ctx);
    expect(second.seeded).toBe(false);
    const tasks = await h.store.db.selectFrom('tasks').select(['domain', 'is_gold', 'project_id']).execute();
    expect(tasks.length).toBe(107);
    expect(new Set(tasks.map((t) => t.domain)).size).toBeGreaterThanOrEqual(4);
    expect(tasks.filter((t) => t.is_gold === 1).length).toBeGreaterThanOrEqual(5);
    const types = await h.store.db.selectFrom('projects').select('type').execute();
    expect(new Set(types.map((t) => t.type))).toEqual(
      new Set(['preference', 'ranking', 'rating', 'label', 'rewrite', 'demonstration', 'steps', 'rubric', 'conversation']),
    );
    const exams = await h.store.db.selectFrom('exams').select(['domain', 'question_count', 'active']).execute();
    expect(exams).toEqual([{ domain: 'medicine', question_count: 5, active: 1 }]);
  });

  it('lets a generalist practise medicine with feedback, and shows the exam on their practice page', async () => {
    const cookie = await signIn('sam@tutorloop.example');
    const practice = await h.app.inject({ method: 'GET', url: '/api/practice', cookies: { tl_session: cookie } });
    expect(practice.statusCode, practice.body).toBe(200);
    expect(practice.body).toContain('medicine');
    expect(practice.body).toContain('Medicine certification');
    const q = await h.app.inject({ method: 'POST', url: '/api/practice/medicine/next', cookies: { tl_session: cookie } });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.body).not.toContain('explanation');
  });

  it('gives Daniel Reyes a task of every type, Dr. Okafor six, and a generalist the four open projects', async () => {
    const typesFor = async (email: string) => {
      const cookie = await signIn(email);
      const list = await h.app.inject({ method: 'GET', url: '/api/projects', cookies: { tl_session: cookie } });
      const got = new Set<string>();
      for (const p of list.json().projects as { id: number; type: string; available: number }[]) {
        expect(p.available).toBeGreaterThan(0);
        const res = await h.app.inject({ method: 'POST', url: `/api/projects/${p.id}/next`, cookies: { tl_session: cookie } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().task.type).toBe(p.type);
        got.add(res.json().task.type);
      }
      return got;
    };
    expect((await typesFor('d.reyes@tutorloop.example')).size).toBe(9);
    const okafor = await typesFor('dr.okafor@tutorloop.example');
    // A specialist gets only tasks in their own domains: medicine and safety, so no code and no math.
    expect([...okafor].sort()).toEqual(['label', 'preference', 'ranking', 'rating', 'rewrite', 'rubric']);
    // Rubric grading admits everyone; rubric authoring needs a certified specialist.
    expect([...(await typesFor('sam@tutorloop.example'))].sort()).toEqual(['conversation', 'label', 'preference', 'rubric', 'steps']);
  });
});

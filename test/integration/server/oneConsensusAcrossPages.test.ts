/**
 * Issue 15: "Quality says the consensus method is MACE while Cost says hds; the consensus's 0.988
 * confidence sits beside Cost's '0 of 18 items reached 95 %'." One project, one method, one confidence:
 * the Quality and Cost pages (and the export) name the project's method and read the stored consensus.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';

const pref = (id: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain: 'general',
    prompt: `Question ${id}?`,
    responses: [
      { id: 'a', text: `A ${id}` },
      { id: 'b', text: `B ${id}` },
    ],
  });

describe.each(testDatabases())('one consensus across pages on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('Quality, Cost and the export name the same method and count the same stored confidences', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h, { email: 'm@one.test', role: 'manager' });
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'One method',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      payPerTask: 10,
      quality: { consensusMethod: 'mace', trustedReliability: 0.85, liveConsensus: false },
    });
    const ids = ['t1', 't2', 't3', 't4', 't5', 't6'];
    await importTasks(h.ctx, asActor(manager), p.id, [`${ids.map(pref).join('\n')}\n`]);
    // Two tutors always say "a"; the third says "b" on every other task: some items unanimous, some 2–1.
    const tutors = await Promise.all([0, 1, 2].map((i) => addUser(h, { email: `t${i}@one.test`, payModel: 'per_task', payRate: 0 })));
    let judged = 0;
    for (const [i, t] of tutors.entries()) {
      for (
        let n = await nextAssignment(h.ctx, asActor(t), p.id), k = 0;
        n && k < 10;
        n = await nextAssignment(h.ctx, asActor(t), p.id), k++
      ) {
        const choice = i === 2 && n.task.id % 2 === 0 ? 'b' : 'a';
        await submitAnnotation(h.ctx, asActor(t), n.assignment.id, { response: { choice }, durationMs: 30_000 });
        judged++;
      }
    }
    expect(judged).toBe(18);

    const cookie = { tl_session: await signIn(h, manager) };
    const get = async (path: string) => {
      const r = await h.app.inject({ method: 'GET', url: `/api/projects/${p.id}/${path}`, cookies: cookie });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const quality = await get('quality');
    const cost = await get('economics');

    // One method: the project's, on both pages.
    expect(cost.method).toBe('mace');
    expect(quality.consensus.methods.length).toBeGreaterThan(0);
    for (const m of quality.consensus.methods) expect(m.startsWith(`${cost.method}/`)).toBe(true);

    // One confidence: the stored one. Cost's "reached" is the stored confidences at or above its target.
    const stored = await h.store.db.selectFrom('task_consensus').select(['confidence']).where('project_id', '=', p.id).execute();
    expect(stored).toHaveLength(6);
    const target = cost.qualityAdjusted.targetConfidence;
    const reached = stored.filter((s) => Number(s.confidence) >= target).length;
    expect(cost.qualityAdjusted).toMatchObject({ items: 6, reached });
    const mean = stored.reduce((s, c) => s + Number(c.confidence), 0) / stored.length;
    expect(quality.consensus.project.meanConfidence).toBeCloseTo(mean, 10);
    // Accepted judgments agree with the stored label, the same one the export carries.
    const accepted = cost.byTier.reduce((s: number, r: { accepted: number }) => s + r.accepted, 0);
    const exported = await h.app.inject({ method: 'GET', url: `/api/projects/${p.id}/export?format=annotations`, cookies: cookie });
    const rows = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { response: string; taskConsensus: { method: string; consensusLabel: string } });
    expect(rows).toHaveLength(18);
    for (const r of rows) expect(r.taskConsensus.method).toBe(cost.method);
    const agree = rows.filter((r) => JSON.parse(r.response).choice === JSON.parse(r.taskConsensus.consensusLabel).choice).length;
    expect(accepted).toBe(agree);
  });
});

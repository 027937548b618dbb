/** Who receives what: tiers, specialist domains, certifications, and gold that looks like any task. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  grantCertification,
  importTasks,
  listProjectsForTutor,
  nextAssignment,
  submitAnnotation,
} from '../../../src/services/index.js';
import { NotFoundError } from '../../../src/domain/errors.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('eligibility and gold on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('admits by tier, narrows specialists to their domains, and gates on active certification', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const mixed = await createProject(h.ctx, admin, { name: 'mixed', type: 'preference', domains: ['law', 'medicine'], overlap: 5 });
    const specOnly = await createProject(h.ctx, admin, {
      name: 'spec',
      type: 'preference',
      domains: ['law', 'medicine'],
      eligibility: { tiers: ['specialist'], requireCertification: true },
    });
    for (const p of [mixed, specOnly]) {
      await importTasks(
        h.ctx,
        admin,
        p.id,
        lines(preferenceLine('law1', { domain: 'law' }), preferenceLine('med1', { domain: 'medicine' })),
      );
    }
    const generalist = await addUser(h.store, { tier: 'generalist', domains: ['law'] });
    const lawyer = await addUser(h.store, { tier: 'specialist', domains: ['law'] });

    // A generalist's domains do not narrow their work: both tasks come.
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const n = await nextAssignment(h.ctx, generalist, mixed.id);
      seen.push(n!.task.domain);
      await submitAnnotation(h.ctx, generalist, n!.assignment.id, { response: { choice: 'a' }, durationMs: 1 });
    }
    expect(seen.sort()).toEqual(['law', 'medicine']);
    // A specialist gets only their domains.
    const l = await nextAssignment(h.ctx, lawyer, mixed.id);
    expect(l!.task.domain).toBe('law');
    await submitAnnotation(h.ctx, lawyer, l!.assignment.id, { response: { choice: 'a' }, durationMs: 1 });
    expect(await nextAssignment(h.ctx, lawyer, mixed.id)).toBeNull();

    await expect(nextAssignment(h.ctx, generalist, specOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(nextAssignment(h.ctx, lawyer, specOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listProjectsForTutor(h.ctx, lawyer)).map((p) => [p.name, p.available])).toEqual([['mixed', 0]]);
    // A certification in medicine does not open law tasks, and a lawyer's domains exclude medicine.
    await grantCertification(h.ctx, admin, lawyer.id, { domain: 'medicine' });
    await expect(nextAssignment(h.ctx, lawyer, specOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    await grantCertification(h.ctx, admin, lawyer.id, { domain: 'law' });
    expect((await nextAssignment(h.ctx, lawyer, specOnly.id))!.task.domain).toBe('law');
    expect((await listProjectsForTutor(h.ctx, lawyer)).map((p) => p.name)).toEqual(['mixed', 'spec']);
    await expect(nextAssignment(h.ctx, lawyer, 424242)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('serves gold in a shape identical to real tasks, never the same gold twice', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const project = await createProject(h.ctx, admin, { name: 'g', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0.5 });
    const real = Array.from({ length: 20 }, (_, i) => preferenceLine(`r${i}`));
    const gold = Array.from({ length: 5 }, (_, i) => preferenceLine(`g${i}`, { gold: 'b' }));
    await importTasks(h.ctx, admin, project.id, lines(...real, ...gold));
    const goldIds = new Set((await h.store.db.selectFrom('tasks').select('id').where('is_gold', '=', 1).execute()).map((r) => r.id));
    const tutor = await addUser(h.store);
    const served: { gold: boolean; json: string; keys: string }[] = [];
    for (;;) {
      h.clock.advance(1000);
      const n = await nextAssignment(h.ctx, tutor, project.id);
      if (!n) break;
      served.push({ gold: goldIds.has(n.task.id), json: JSON.stringify(n), keys: shape(n) });
      await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1 });
    }
    const golds = served.filter((s) => s.gold);
    expect(golds.length).toBe(5);
    expect(served.length).toBe(25);
    // Same keys at every depth, and no trace of the gold answer or the word "gold".
    expect(new Set(served.map((s) => s.keys)).size).toBe(1);
    for (const s of golds) expect(s.json).not.toMatch(/gold/i);
    const goldTaskIds = golds.map((s) => JSON.parse(s.json).task.id as number);
    expect(new Set(goldTaskIds).size).toBe(goldTaskIds.length);
  });
});

describe.each(testDatabases())('what a tutor receives on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('never carries meta (the published HH-RLHF answer lives there) nor anything beyond id, type, domain, payload', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const project = await createProject(h.ctx, admin, { name: 'hh', type: 'preference', domains: ['safety'] });
    const pair = JSON.stringify({ chosen: '\n\nHuman: hi\n\nAssistant: hello', rejected: '\n\nHuman: hi\n\nAssistant: go away' });
    await importTasks(h.ctx, admin, project.id, lines(pair), { format: 'hh-rlhf' });
    const stored = await h.store.db.selectFrom('tasks').select('payload').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.payload).meta.hhRlhf.chosen).toMatch(/^[ab]$/);
    const next = await nextAssignment(h.ctx, await addUser(h.store), project.id);
    expect(Object.keys(next!.task).sort()).toEqual(['domain', 'id', 'payload', 'type']);
    expect(Object.keys(next!.task.payload).sort()).toEqual(['prompt', 'responses']);
    expect(JSON.stringify(next)).not.toMatch(/chosen|hhRlhf|meta/);
  });
});

/** The structure of a value: keys and types at every depth, values dropped. */
function shape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(shape).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${k}:${shape((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return typeof v;
}

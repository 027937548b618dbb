/** Gold is spread over tutors: least-served gold first, so tiers are compared on many shared gold items, not a few. */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('gold spread on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('serves each tutor the least-served gold item, so ten tutors meet ten different gold items', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    // goldRate 1: every draw asks for gold first (real work remains, so gold is allowed).
    const project = await createProject(h.ctx, manager, { name: 'g', type: 'preference', domains: ['general'], overlap: 3, goldRate: 1 });
    const gold = Array.from({ length: 30 }, (_, i) => preferenceLine(`gold-${i}`, { gold: 'a' }));
    const real = Array.from({ length: 20 }, (_, i) => preferenceLine(`real-${i}`));
    await importTasks(h.ctx, manager, project.id, lines(...gold, ...real));

    const served: number[] = [];
    for (let t = 0; t < 10; t++) {
      const tutor = await addUser(h.store);
      const lease = await nextAssignment(h.ctx, tutor, project.id);
      expect(lease).not.toBeNull();
      served.push(lease!.task.id);
      await submitAnnotation(h.ctx, tutor, lease!.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
    }
    const goldIds = await h.store.db.selectFrom('tasks').select('id').where('is_gold', '=', 1).execute();
    const goldSet = new Set(goldIds.map((r) => r.id));
    expect(served.every((id) => goldSet.has(id))).toBe(true);
    expect(new Set(served).size).toBe(10);
  });
});

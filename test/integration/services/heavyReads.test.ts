/**
 * The quality and economics dashboards run in a worker thread with its own connection when the
 * server starts the pool (services/offload/heavyReads.ts): the answer is the inline service's, a
 * missing project is still NotFound, and the worker is on another thread (the server's event loop
 * keeps turning while it works).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/domain/errors.js';
import {
  createProject,
  importTasks,
  nextAssignment,
  projectEconomicsView,
  projectQuality,
  submitAnnotation,
} from '../../../src/services/index.js';
import { heavyRead, startHeavyReadPool } from '../../../src/services/offload/heavyReads.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('heavy reads off the event loop on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => {
    await h?.ctx.heavyReads?.close();
    await h?.close();
  });

  it('answers as the inline service does, in a worker thread', async () => {
    const url = await freshUrl();
    h = await harness(url);
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const p = await createProject(h.ctx, m, { name: 'offload', type: 'preference', domains: ['general'], overlap: 3, payPerTask: 30 });
    await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: 6 }, (_, i) => preferenceLine(`o-${i}`))));
    for (const [k, t] of tutors.entries())
      for (let n = await nextAssignment(h.ctx, t, p.id); n; n = await nextAssignment(h.ctx, t, p.id))
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: { choice: (n.task.id + k) % 3 ? 'a' : 'b' }, durationMs: 2000 });
    const inline = { quality: await projectQuality(h.ctx, p.id), economics: await projectEconomicsView(h.ctx, p.id) };

    h.ctx.heavyReads = startHeavyReadPool(url);
    // The event loop turns while the worker works: a timer fires before the answer arrives.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const quality = await heavyRead(h.ctx, 'quality', p.id);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(quality).toEqual(inline.quality);
    expect(await heavyRead(h.ctx, 'economics', p.id)).toEqual(inline.economics);
    await expect(heavyRead(h.ctx, 'quality', 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });
});

/**
 * The annotations export reads its pages ahead (the next page is asked for while this one is formed):
 * small pages give the same lines, in the same order, as one page holding them all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { annotationRows } from '../../../src/services/export/annotations.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, type Harness } from '../../support/appHarness.js';

const task = (id: string) => JSON.stringify({ id, type: 'label', domain: 'general', text: `Item ${id}` });

async function collect(rows: AsyncGenerator<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe.each(testDatabases())('annotations export pages on $name', ({ freshUrl }) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function judgedProject(): Promise<number> {
    h = await harness(await freshUrl());
    const manager = await addUser(h, { email: 'm@pages.test', role: 'manager' });
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'Pages',
      type: 'label',
      domains: ['general'],
      labels: ['yes', 'no'],
      overlap: 3,
    });
    await importTasks(h.ctx, asActor(manager), p.id, [`${Array.from({ length: 9 }, (_, i) => task(`t${i}`)).join('\n')}\n`]);
    for (const i of [0, 1, 2]) {
      const tutor = await addUser(h, { email: `t${i}@pages.test` });
      for (let n = await nextAssignment(h.ctx, asActor(tutor), p.id); n; n = await nextAssignment(h.ctx, asActor(tutor), p.id)) {
        await submitAnnotation(h.ctx, asActor(tutor), n.assignment.id, {
          response: { labels: [i === 1 ? 'no' : 'yes'] },
          durationMs: 1000,
        });
      }
    }
    return p.id;
  }

  it('gives the same lines in pages of 4 as in one page', async () => {
    const projectId = await judgedProject();
    const whole = await collect(annotationRows(h!.store, projectId, 'secret'));
    expect(whole).toHaveLength(27);
    expect(await collect(annotationRows(h!.store, projectId, 'secret', 4))).toEqual(whole);
    // A page size that divides the lines exactly ends on an empty page read ahead.
    expect(await collect(annotationRows(h!.store, projectId, 'secret', 9))).toEqual(whole);
  });
});

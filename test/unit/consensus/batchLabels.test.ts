/**
 * The consensus batch's compact labels (services/consensus/batchLabels.ts) encode exactly what the
 * per-task grouping encoded before (encodeLabels over rows grouped by task in first-seen order, schema
 * classes appended, gold clamped), whatever order the annotations arrive in: same fit, same stored rows.
 */
import { describe, expect, it } from 'vitest';
import { encodeGold, encodeLabels, type LabelRow } from '../../../src/quality/encoded.js';
import { createRng } from '../../../src/quality/random.js';
import { ProjectLabels } from '../../../src/services/consensus/batchLabels.js';

describe('batch labels', () => {
  it.each([1, 2, 3, 4, 5])('encode as the per-task grouping did (seed %i)', (seed) => {
    const rng = createRng(seed);
    const classes = ['a', 'b', 'tie', 'c'];
    // Annotations in id order: tasks interleaved, some gold, some with a gold class no one gave.
    const arrivals: { task: number; worker: number; cls: string; gold: string | null }[] = [];
    const goldOf = new Map<number, string>();
    for (let t = 0; t < 40; t++) if (rng.int(5) === 0) goldOf.set(1000 + t * 7, classes[rng.int(4)]);
    for (let i = 0; i < 300; i++) {
      const task = 1000 + rng.int(40) * 7;
      arrivals.push({ task, worker: 10 + rng.int(12), cls: classes[rng.int(3)], gold: goldOf.get(task) ?? null });
    }
    const extra = ['a', 'b', 'tie', 'z'];

    const project = new ProjectLabels();
    for (const a of arrivals) {
      if (!project.has(a.task)) project.register(a.task, 'd', a.gold !== null, a.gold, extra);
      project.add(a.task, a.worker, a.cls);
    }
    const labels = project.domains.get('d')!;
    const got = labels.encode();

    // Before: tasks in first-seen order, each with its labels in arrival order.
    const byTask = new Map<number, { worker: number; cls: string }[]>();
    for (const a of arrivals) (byTask.get(a.task) ?? byTask.set(a.task, []).get(a.task)!).push(a);
    const rows: LabelRow[] = [];
    for (const [task, list] of byTask) for (const l of list) rows.push({ worker: String(l.worker), task: String(task), label: l.cls });
    let data = encodeLabels(rows);
    const missing = extra.filter((c) => !data.classNames.includes(c));
    if (missing.length > 0) data = { ...data, classNames: [...data.classNames, ...missing] };
    const goldList = [...byTask.keys()].filter((t) => goldOf.has(t)).map((t) => ({ task: String(t), label: goldOf.get(t)! }));
    const want = encodeGold(data, goldList);

    expect(got.data).toEqual(want.data);
    expect(got.gold).toEqual(goldList.length > 0 ? want.gold : undefined);
    expect([...labels.tasks()].map((t) => t.taskId)).toEqual([...byTask.keys()]);
    expect([...labels.tasks()].map((t) => t.labels)).toEqual([...byTask.values()].map((l) => l.length));
  });
});

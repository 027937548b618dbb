/**
 * Exactness under concurrency: 200+ simulated tutors hammer next/submit/skip on one project. From the
 * database afterwards: no task over k, no tutor judging a task twice, every acknowledged submission
 * stored, counters equal to the rows, and (enough tutors) every task filled to exactly k. Once with the
 * two calls only, once with half the tutors on submit-and-next.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';
import { checkInvariants } from '../../support/routing/invariants.js';
import { tutorLoop, type Ack } from '../../support/routing/tutorLoop.js';

const TUTORS = 220;
const TASKS = 400;
const GOLD = 12;
const K = 3;

describe.each(testDatabases())('routing under concurrency on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  // 'mixed': every other tutor submits with submit-and-next (one transaction on SQLite) among tutors on the two calls.
  it.each(['separate', 'mixed'] as const)(
    `${TUTORS} concurrent tutors never push a task over k nor judge one twice (%s calls)`,
    async (mode) => {
      h = await harness(await freshUrl(), 24);
      const manager = await addUser(h.store, { role: 'manager' });
      const project = await createProject(h.ctx, manager, {
        name: 'load',
        type: 'preference',
        domains: ['general'],
        overlap: K,
        goldRate: 0.05,
      });
      const taskLines = Array.from({ length: TASKS }, (_, i) => preferenceLine(`t${i}`, { priority: i % 5 }));
      const goldLines = Array.from({ length: GOLD }, (_, i) => preferenceLine(`g${i}`, { gold: 'a' }));
      await importTasks(h.ctx, manager, project.id, [[...taskLines, ...goldLines].join('\n')]);
      const tutors = await Promise.all(Array.from({ length: TUTORS }, () => addUser(h.store)));

      const results = await Promise.all(tutors.map((t, i) => tutorLoop(h.ctx, t, project.id, 7, mode === 'mixed' && i % 2 === 0)));
      const acks: Ack[] = results.flatMap((r) => r.acks);
      const check = await checkInvariants(h.store, project.id, K, acks);
      expect(check.overfull).toEqual([]);
      expect(check.judgedTwice).toEqual([]);
      expect(check.missingAcks).toEqual([]);
      expect(check.counterDrift).toEqual([]);
      expect(check.storedCount).toBe(acks.length);
      expect(check.tasksShortOfK).toBe(0);
      const goldJudgments = acks.length - TASKS * K;
      expect(goldJudgments).toBeGreaterThan(0);
      console.info(
        `${name} (${mode}): ${acks.length} submissions (${goldJudgments} on gold), ${results.reduce((s, r) => s + r.skips, 0)} skips`,
      );
    },
  );
});

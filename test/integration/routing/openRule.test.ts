/**
 * "Is this task open?" is written once in SQL (store/repositories/openRule.ts) and once as a pure
 * predicate (routing/leases.ts `isOpen`): on both databases, over sample rows covering gold, the
 * project's overlap and per-task targets, each form of the SQL agrees with the predicate, and so
 * does the `is_open` flag the store writes when it re-derives it.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpen } from '../../../src/routing/leases.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { openRule, openRuleText, targetText } from '../../../src/store/repositories/openRule.js';
import { rederiveOpenFlags } from '../../../src/store/repositories/routing.js';
import { testDatabases } from '../../support/databases.js';

const OVERLAP = 3;

/** Every mix of gold, counters around the overlap, and no / lower / higher per-task target. */
const SAMPLES = [0, 1].flatMap((isGold) =>
  [0, 1, 2, 3, 4].flatMap((submitted) =>
    [0, 1, 2].flatMap((leases) => [null, 1, 2, 5].map((target) => ({ isGold, submitted, leases, target }))),
  ),
);

describe.each(testDatabases())('the open rule on $name', ({ name, freshUrl }) => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function seed(s: Store): Promise<{ projectId: number; expected: Map<number, number> }> {
    const project = await s.db
      .insertInto('projects')
      .values({
        name: 'open-rule',
        type: 'preference',
        config: '{}',
        overlap: OVERLAP,
        gold_rate: 0,
        lease_seconds: 1800,
        status: 'active',
        created_by: null,
        created_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const expected = new Map<number, number>();
    for (const [i, t] of SAMPLES.entries()) {
      const row = await s.db
        .insertInto('tasks')
        .values({
          project_id: project.id,
          external_id: `t${i}`,
          domain: 'general',
          payload: '{}',
          gold: null,
          content_hash: `h${i}`,
          created_at: 0,
          is_gold: t.isGold,
          submitted_count: t.submitted,
          active_leases: t.leases,
          target_judgments: t.target,
          // The opposite of the rule, so re-deriving must change every row.
          is_open: isOpen(t.isGold === 1, t.submitted, t.leases, OVERLAP, t.target) ? 0 : 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expected.set(row.id, isOpen(t.isGold === 1, t.submitted, t.leases, OVERLAP, t.target) ? 1 : 0);
    }
    return { projectId: project.id, expected };
  }

  it('the SQL and isOpen agree on every sample row, whichever way the SQL is written', async () => {
    store = await openStore(await freshUrl());
    const { projectId, expected } = await seed(store);
    expect(new Set(expected.values())).toEqual(new Set([0, 1]));

    const bound = await store.db
      .selectFrom('tasks')
      .select(['id', openRule('submitted_count', 'active_leases', { overlap: OVERLAP }).as('open')])
      .where('project_id', '=', projectId)
      .execute();
    const inline = await store.db
      .selectFrom('tasks')
      .select(['id', openRule('submitted_count', 'active_leases', { overlap: sql.lit(OVERLAP) }).as('open')])
      .where('project_id', '=', projectId)
      .execute();
    for (const rows of [bound, inline]) expect(new Map(rows.map((r) => [r.id, Number(r.open)]))).toEqual(expected);

    // The counters after a change (as the lease, release and submit statements pass them).
    const afterSubmit = await store.db
      .selectFrom('tasks')
      .select([
        'id',
        'is_gold',
        'submitted_count',
        'active_leases',
        'target_judgments',
        openRule('(submitted_count + 1)', '(active_leases - 1)', { overlap: OVERLAP }).as('open'),
      ])
      .where('project_id', '=', projectId)
      .execute();
    for (const r of afterSubmit) {
      expect(Number(r.open), `task ${r.id}`).toBe(
        isOpen(r.is_gold === 1, r.submitted_count + 1, r.active_leases - 1, OVERLAP, r.target_judgments) ? 1 : 0,
      );
    }

    // A fixed target (as adaptive overlap sets one): the task's stored target no longer counts.
    const fixed = await store.db
      .selectFrom('tasks')
      .select(['id', 'is_gold', 'submitted_count', 'active_leases', openRule('submitted_count', 'active_leases', { target: 2 }).as('open')])
      .where('project_id', '=', projectId)
      .execute();
    for (const r of fixed)
      expect(Number(r.open), `task ${r.id}`).toBe(isOpen(r.is_gold === 1, r.submitted_count, r.active_leases, OVERLAP, 2) ? 1 : 0);

    // The text form, as SQLite's prepared statements use it with a `?` parameter.
    if (store.dialect === 'sqlite') {
      const rows = store.sqlite
        .prepare(`SELECT id, ${openRuleText('submitted_count', 'active_leases', targetText('?'))} AS open FROM tasks WHERE project_id = ?`)
        .all(OVERLAP, projectId) as { id: number; open: number }[];
      expect(new Map(rows.map((r) => [r.id, r.open]))).toEqual(expected);
    }
    expect(name).toBe(store.dialect);
  });

  it('re-deriving the stored is_open flags gives isOpen for every row', async () => {
    store = await openStore(await freshUrl());
    const { projectId, expected } = await seed(store);
    await rederiveOpenFlags(store.db, projectId, OVERLAP, true);
    const rows = await store.db.selectFrom('tasks').select(['id', 'is_open']).where('project_id', '=', projectId).execute();
    expect(new Map(rows.map((r) => [r.id, Number(r.is_open)]))).toEqual(expected);
  });
});

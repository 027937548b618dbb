/**
 * The consensus batch's bulk writer (store/repositories/consensusBulk.ts: one prepared upsert on SQLite,
 * one `unnest` upsert on PostgreSQL) keeps the rule of the row-by-row writer: new rows are inserted, model
 * rows replaced, and neither a reviewer's row nor a row formed from more judgments is overwritten.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelConsensusBulk } from '../../../src/store/repositories/consensusBulk.js';
import type { ModelConsensus } from '../../../src/store/repositories/consensus.js';
import { writeTransaction } from '../../../src/store/transaction.js';
import { testDatabases } from '../../support/databases.js';
import { harness, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('bulk consensus writes on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  const row = (taskId: number, label: string, annotatorCount: number, confidence = 0.9): ModelConsensus => ({
    taskId,
    projectId: 7,
    method: 'mace',
    methodVersion: 'mace/1 batch upto=9',
    label: JSON.stringify({ choice: label }),
    confidence,
    agreement: 0.75,
    annotatorCount,
    computedAt: 5000,
  });

  it('inserts and replaces model rows, never a verdict or a row from more judgments', async () => {
    h = await harness(await freshUrl());
    const base = { project_id: 7, method: 'old', method_version: 'old/1', confidence: 0.5, computed_at: 1 };
    await h.store.db
      .insertInto('task_consensus')
      .values([
        { ...base, task_id: 1, label: '{"choice":"b"}', annotator_count: 3, source: 'review', review_id: 11 },
        { ...base, task_id: 2, label: '{"choice":"b"}', annotator_count: 5, source: 'model', review_id: null },
        { ...base, task_id: 3, label: '{"choice":"b"}', annotator_count: 2, source: 'model', review_id: null },
      ])
      .execute();
    await writeTransaction(h.store, (db) =>
      saveModelConsensusBulk(h.store, db, [row(1, 'a', 3), row(2, 'a', 3), row(3, 'a', 3, 0.75), row(4, 'tie', 3, 0.5)]),
    );
    const rows = await h.store.db
      .selectFrom('task_consensus')
      .select(['task_id', 'label', 'method', 'method_version', 'confidence', 'annotator_count', 'source', 'review_id', 'computed_at'])
      .orderBy('task_id')
      .execute();
    // The rows it wrote carry the judgments' agreement (migration 025's column) too.
    const written = await h.store.db.selectFrom('task_consensus').select('agreement').where('method', '=', 'mace').execute();
    expect(written.length).toBeGreaterThan(0);
    expect(written.map((r) => Number(r.agreement))).toEqual(written.map(() => 0.75));
    expect(
      rows.map((r) => ({ ...r, task_id: Number(r.task_id), confidence: Number(r.confidence), computed_at: Number(r.computed_at) })),
    ).toEqual([
      {
        task_id: 1,
        label: '{"choice":"b"}',
        method: 'old',
        method_version: 'old/1',
        confidence: 0.5,
        annotator_count: 3,
        source: 'review',
        review_id: 11,
        computed_at: 1,
      },
      {
        task_id: 2,
        label: '{"choice":"b"}',
        method: 'old',
        method_version: 'old/1',
        confidence: 0.5,
        annotator_count: 5,
        source: 'model',
        review_id: null,
        computed_at: 1,
      },
      {
        task_id: 3,
        label: '{"choice":"a"}',
        method: 'mace',
        method_version: 'mace/1 batch upto=9',
        confidence: 0.75,
        annotator_count: 3,
        source: 'model',
        review_id: null,
        computed_at: 5000,
      },
      {
        task_id: 4,
        label: '{"choice":"tie"}',
        method: 'mace',
        method_version: 'mace/1 batch upto=9',
        confidence: 0.5,
        annotator_count: 3,
        source: 'model',
        review_id: null,
        computed_at: 5000,
      },
    ]);
  });

  it('writes nothing for no rows, and a rolled-back transaction leaves nothing', async () => {
    h = await harness(await freshUrl());
    await writeTransaction(h.store, (db) => saveModelConsensusBulk(h.store, db, []));
    await expect(
      writeTransaction(h.store, async (db) => {
        await saveModelConsensusBulk(h.store, db, [row(1, 'a', 3)]);
        throw new Error('crash between two writes');
      }),
    ).rejects.toThrow('crash between two writes');
    expect(await h.store.db.selectFrom('task_consensus').select('task_id').execute()).toEqual([]);
  });
});

/**
 * SQLite: the economics moves of a first consensus formed by the batch's move worker (a second connection
 * in another thread, services/consensus/firstMoves.ts) while the slice's own thread writes. The rollups
 * must then equal a from-scratch computation exactly as when the moves are formed in the transaction:
 * tutors on both pay models, gold, tasks given their first consensus beside tasks whose consensus
 * changes in the same slice, and a judgment committed between two slices; whatever share of a slice's
 * moves the writing thread forms itself (none, half, all).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { balancedShare, startMoveWorker, type MoveWorker } from '../../../src/services/consensus/firstMoves.js';
import { saveModelConsensusBulk } from '../../../src/store/repositories/consensusBulk.js';
import { economicsRollupRows, economicsRollupsFromScratch } from '../../../src/store/repositories/economicsRollups.js';
import { consensusCounts, consensusCountsFromScratch } from '../../../src/store/repositories/dashboards.js';
import { writeTransaction } from '../../../src/store/transaction.js';
import { freshSqlitePath } from '../../support/databases.js';
import { addUser, harness, lines, modelConsensusRow, preferenceLine, type Harness } from '../../support/fixtures.js';

describe('the first consensus moves formed by the move worker (SQLite)', () => {
  let h: Harness;
  let worker: MoveWorker | null = null;
  afterEach(async () => {
    await worker?.close();
    await h?.close();
  });

  async function expectInStep(projectId: number) {
    expect(await economicsRollupRows(h.store.db, projectId)).toEqual(await economicsRollupsFromScratch(h.store, projectId));
    const counts = await consensusCounts(h.store.db, projectId);
    const everyRow = await consensusCountsFromScratch(h.store.db, projectId);
    expect(counts.map((c) => ({ ...c, confidenceSum: 0 }))).toEqual(everyRow.map((c) => ({ ...c, confidenceSum: 0 })));
  }

  it.each([0, 0.5, 1])('keep the rollups equal to a from-scratch computation, the writer forming a share %s of them', async (share) => {
    h = await harness(`sqlite:${freshSqlitePath()}`);
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'moves', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0.2 });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(...Array.from({ length: 30 }, (_, i) => preferenceLine(`t${i}`, i % 5 === 0 ? { gold: i % 10 === 0 ? 'a' : 'b' } : {}))),
    );
    const terms = [
      { pay_model: 'per_task', pay_rate: 120 },
      { pay_model: 'hourly', pay_rate: 3000 },
      { pay_model: 'per_task', pay_rate: 0 },
    ] as const;
    for (const [k, term] of terms.entries()) {
      const tutor = await addUser(h.store);
      await h.store.db.updateTable('users').set(term).where('id', '=', tutor.id).execute();
      let i = 0;
      for (let n = await nextAssignment(h.ctx, tutor, p.id); n; n = await nextAssignment(h.ctx, tutor, p.id), i++)
        await submitAnnotation(h.ctx, tutor, n.assignment.id, {
          response: { choice: (i + k) % 3 === 0 ? 'b' : 'a' },
          durationMs: 40_000 + 7_919 * i,
        });
    }
    await expectInStep(p.id);

    worker = startMoveWorker(h.store);
    expect(worker).not.toBeNull();
    let asked = 0;
    let formedRows = 0;
    const moves = {
      form: async (rowsJson: string) => {
        asked++;
        const formed = await worker!.moves.form(rowsJson);
        formedRows += formed.moves.length;
        return formed;
      },
      writerShare: () => share,
      formed: () => undefined,
    };
    const tasks = await h.store.db.selectFrom('tasks').select(['id', 'is_gold']).where('project_id', '=', p.id).orderBy('id').execute();
    const real = tasks.filter((t) => t.is_gold === 0).map((t) => t.id);
    const row = (taskId: number, choice: string, confidence: number) => modelConsensusRow(h, p.id, taskId, choice, confidence, 3);
    // Half the tasks get their first consensus (above and below the target confidence).
    const firsts = await writeTransaction(h.store, (db) =>
      saveModelConsensusBulk(
        h.store,
        db,
        real.slice(0, 12).map((id, i) => row(id, i % 2 ? 'a' : 'b', i % 3 ? 0.99 : 0.6)),
        moves,
      ),
    );
    expect(firsts).toBe(12);
    // The worker is asked for the rows the writer leaves it, if any.
    expect(asked).toBe(share < 1 ? 1 : 0);
    if (share < 1) expect(formedRows).toBeGreaterThan(0);
    await expectInStep(p.id);

    // A judgment committed between two slices, on a task whose first consensus the next slice writes.
    const late = await addUser(h.store);
    const next = await nextAssignment(h.ctx, late, p.id);
    if (next) await submitAnnotation(h.ctx, late, next.assignment.id, { response: { choice: 'b' }, durationMs: 5_000 });
    // One slice of both kinds: the rest get their first consensus, the first half a changed one.
    const firstsNow = await writeTransaction(h.store, (db) =>
      saveModelConsensusBulk(
        h.store,
        db,
        real.map((id, i) => row(id, i % 3 ? 'a' : 'b', i % 4 ? 0.97 : 0.4)),
        moves,
      ),
    );
    expect(firstsNow).toBe(real.length - 12);
    expect(asked).toBe(share < 1 ? 2 : 0);
    await expectInStep(p.id);
  });

  it('balances the share where both sides end at once, from what each cost per row, within 0 and 0.9', () => {
    const moves = balancedShare(async () => ({ moves: [], ms: 0 }));
    const start = moves.writerShare();
    // Until both sides have formed moves the share stays.
    moves.formed({ ownMs: 70, rows: 10, hereMs: 0, here: 0, thereMs: 130, there: 10 });
    expect(moves.writerShare()).toBe(start);
    // Own 7, here 13, there 13 a row: 7 + 13 s = 13 (1 - s), s = 6 / 26.
    moves.formed({ ownMs: 70, rows: 10, hereMs: 39, here: 3, thereMs: 91, there: 7 });
    expect(moves.writerShare()).toBeCloseTo(6 / 26, 10);
    // The other side far dearer: the writer forms nine tenths (the worker keeps some, to keep measuring); far cheaper: none.
    for (let i = 0; i < 100; i++) moves.formed({ ownMs: 10, rows: 10, hereMs: 10, here: 10, thereMs: 1000, there: 10 });
    expect(moves.writerShare()).toBe(0.9);
    for (let i = 0; i < 200; i++) moves.formed({ ownMs: 100, rows: 10, hereMs: 100, here: 10, thereMs: 1, there: 10 });
    expect(moves.writerShare()).toBe(0);
  });
});

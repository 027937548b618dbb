/**
 * Several processes on one SQLite file: this is where `BEGIN IMMEDIATE` matters, since each process has
 * its own connection and in-process serialisation no longer helps. 4 processes × 60 tutors, each of
 * which must get its turns at the writer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { freshSqlitePath } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';
import { checkInvariants } from '../../support/routing/invariants.js';
import type { Ack } from '../../support/routing/tutorLoop.js';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('../../support/routing/processWorker.ts', import.meta.url));
const PROCESSES = 4;
const TUTORS_PER_PROCESS = 60;
const K = 3;
// Enough rounds of every process's 60 tutors that a fair share is measurable, not a matter of who started first.
const TASKS = 900;

describe('routing across processes on one SQLite file', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it(`${PROCESSES} processes × ${TUTORS_PER_PROCESS} tutors keep every task at k and no pair twice`, async () => {
    const url = `sqlite:${freshSqlitePath()}`;
    h = await harness(url);
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'mp', type: 'preference', domains: ['general'], overlap: K });
    await importTasks(h.ctx, manager, project.id, [Array.from({ length: TASKS }, (_, i) => preferenceLine(`t${i}`)).join('\n')]);
    const tutors = await Promise.all(Array.from({ length: PROCESSES * TUTORS_PER_PROCESS }, () => addUser(h.store)));
    const groups = Array.from({ length: PROCESSES }, (_, p) =>
      tutors.slice(p * TUTORS_PER_PROCESS, (p + 1) * TUTORS_PER_PROCESS).map((t) => t.id),
    );

    const barrier = mkdtempSync(join(tmpdir(), 'tutorloop-barrier-'));
    const outputs = await Promise.all(
      groups.map((ids, i) =>
        run(
          process.execPath,
          ['--import', 'tsx', worker, url, String(project.id), JSON.stringify(ids), barrier, String(i), String(PROCESSES)],
          { maxBuffer: 64 << 20 },
        ),
      ),
    );
    rmSync(barrier, { recursive: true, force: true });
    const acks = outputs.flatMap((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as Ack[]);
    const perProcess = outputs.map((o) => (JSON.parse(o.stdout.trim().split('\n').pop()!) as Ack[]).length);
    // Every process must have done real work, or this would not test contention between them; and the
    // writer is taken in turns (writerTurns.ts): without them one process once did 590 writes and another 0.
    const evenShare = acks.length / PROCESSES;
    expect(Math.min(...perProcess), `writes per process: ${perProcess.join(', ')}`).toBeGreaterThanOrEqual(evenShare / 4);
    const check = await checkInvariants(h.store, project.id, K, acks);
    expect(check.overfull).toEqual([]);
    expect(check.judgedTwice).toEqual([]);
    expect(check.missingAcks).toEqual([]);
    expect(check.counterDrift).toEqual([]);
    expect(check.storedCount).toBe(acks.length);
    expect(check.tasksShortOfK).toBe(0);
  });
});

/**
 * Who is working a judge run or generation job (migration 023): a server process holds it until
 * `runner_until` and renews the hold while it works. A run or job still `queued`/`running` whose hold
 * has lapsed was abandoned (its server stopped or crashed); any server may take it up again. The claim
 * is one conditional UPDATE, so of several servers (or `--workers`) exactly one wins.
 */
import type { Db } from '../transaction.js';

export type HeldTable = 'judge_runs' | 'generation_jobs';

const UNFINISHED = ['queued', 'running'] as const;

/** Take the run/job until `until` unless a live holder has it (or it is finished). True when taken. */
export async function holdWork(db: Db, table: HeldTable, id: number, until: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable(table)
    .set({ runner_until: until })
    .where('id', '=', id)
    .where('state', 'in', [...UNFINISHED])
    .where((eb) => eb.or([eb('runner_until', 'is', null), eb('runner_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function renewHold(db: Db, table: HeldTable, id: number, until: number): Promise<void> {
  await db.updateTable(table).set({ runner_until: until }).where('id', '=', id).execute();
}

/** Unfinished runs/jobs a server held whose hold has lapsed (never those the CLI works: no hold). */
export async function abandonedWork(db: Db, table: HeldTable, now: number): Promise<number[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('state', 'in', [...UNFINISHED])
    .where('runner_until', 'is not', null)
    .where('runner_until', '<', now)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

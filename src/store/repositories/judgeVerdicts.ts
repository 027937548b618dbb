/**
 * Storing judge verdicts on the judge run's hot path (a row per judged task), in batches. On SQLite
 * the rows join the group commit of their event-loop turn (groupCommit.ts) through one prepared
 * statement, sharing a commit with that turn's routing writes and call rows; on PostgreSQL a batch is
 * one multi-row INSERT per 500 rows (one round trip).
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { groupCommit } from '../groupCommit.js';
import { writeTransaction, type Db } from '../transaction.js';
import type { NewVerdict } from './judges.js';

const COLUMNS = [
  'run_id',
  'judge_id',
  'project_id',
  'task_id',
  'domain',
  'assignment_id',
  'annotation_id',
  'status',
  'prompt_version',
  'model',
  'confidence',
  'consistent',
  'length_difference',
  'self_preference',
  'calls',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'latency_ms',
  'error',
  'created_at',
] as const satisfies readonly (keyof NewVerdict)[];

const inserts = new WeakMap<SQLite.Database, SQLite.Statement>();

function insertStatement(raw: SQLite.Database): SQLite.Statement {
  let statement = inserts.get(raw);
  if (!statement) {
    statement = raw.prepare(`INSERT INTO judge_verdicts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    inserts.set(raw, statement);
  }
  return statement;
}

/** Stores the verdicts; resolves once they are committed. */
export async function storeVerdicts(store: Store, verdicts: readonly NewVerdict[]): Promise<void> {
  if (store.dialect === 'postgres') {
    const insertAll = async (db: Db) => {
      for (let i = 0; i < verdicts.length; i += 500)
        await db
          .insertInto('judge_verdicts')
          .values(verdicts.slice(i, i + 500))
          .execute();
    };
    // All or none: more than one statement runs in a transaction.
    return verdicts.length <= 500 ? insertAll(store.db) : writeTransaction(store, insertAll);
  }
  await groupCommit(store, (raw) => {
    const insert = insertStatement(raw);
    for (const v of verdicts) insert.run(Object.fromEntries(COLUMNS.map((c) => [c, v[c]])));
  });
}

/**
 * Storing `model_calls` rows on the hot path (a row per model call). On SQLite the rows join the
 * group commit of their event-loop turn (groupCommit.ts) through one prepared statement: no SQL is
 * compiled or prepared per batch, and they share a commit with the routing writes of that turn. On
 * PostgreSQL a batch is one multi-row INSERT (one round trip).
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { groupCommit } from '../groupCommit.js';
import { callRow, insertCalls, type CallRecord } from './modelEndpoints.js';

const inserts = new WeakMap<SQLite.Database, SQLite.Statement>();

function insertStatement(raw: SQLite.Database): SQLite.Statement {
  let statement = inserts.get(raw);
  if (!statement) {
    statement = raw.prepare(
      `INSERT INTO model_calls (endpoint_id, project_id, purpose, status, attempts, input_tokens, output_tokens, cost_usd, latency_ms, error, created_at)
       VALUES (@endpoint_id, @project_id, @purpose, @status, @attempts, @input_tokens, @output_tokens, @cost_usd, @latency_ms, @error, @created_at)`,
    );
    inserts.set(raw, statement);
  }
  return statement;
}

/** Stores the rows; resolves once they are committed. */
export async function storeCalls(store: Store, calls: readonly CallRecord[]): Promise<void> {
  if (store.dialect === 'postgres') return insertCalls(store.db, calls);
  await groupCommit(store, (raw) => {
    const insert = insertStatement(raw);
    for (const call of calls) insert.run(callRow(call));
  });
}

/**
 * Staging import rows on PostgreSQL with `COPY` (pg-copy-streams): a batch is streamed into a
 * temporary table in COPY's text format, then moved into `import_rows` by one INSERT … SELECT that
 * skips ids already staged, all in one short transaction on one connection. A multi-row INSERT
 * with bound parameters spends most of its time binding; COPY does not.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { NewTask } from './tasks.js';

/** COPY text format: backslash, tab, newline and carriage return escaped; `\N` is NULL. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function* copyLines(rows: NewTask[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    chunk += `${i}\t${copyField(r.externalId)}\t${copyField(r.domain)}\t${copyField(r.payload)}\t${copyField(r.gold)}\t${copyField(r.contentHash)}\t${r.priority}\n`;
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Stage `rows` of import `importId`; returns the external ids staged by this call, in batch order
 * (a repeated id is staged once, from its first row, as the SQLite stager does).
 */
export async function copyStage(pool: pg.Pool, importId: number, rows: NewTask[]): Promise<Set<string>> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE IF NOT EXISTS tl_copy_rows (ord integer, external_id text, domain text, payload text, gold text,
       content_hash text, priority integer) ON COMMIT DELETE ROWS`,
    );
    await pipeline(Readable.from(copyLines(rows)), client.query(copyFrom('COPY tl_copy_rows FROM STDIN')));
    const staged = await client.query<{ external_id: string }>(
      `INSERT INTO import_rows (import_id, external_id, domain, payload, gold, is_gold, content_hash, priority)
       SELECT $1, external_id, domain, payload, gold, CASE WHEN gold IS NULL THEN 0 ELSE 1 END, content_hash, priority
       FROM tl_copy_rows ORDER BY ord
       ON CONFLICT (import_id, external_id) DO NOTHING RETURNING external_id`,
      [importId],
    );
    await client.query('COMMIT');
    return new Set(staged.rows.map((r) => r.external_id));
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-COPY is not handed out again.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

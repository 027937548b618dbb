/**
 * COPY's text format (used by importDirect.ts, which imports on PostgreSQL), and staging import rows on
 * PostgreSQL with `COPY` (pg-copy-streams) for `rowStager` (imports.ts), which the importer itself uses
 * only on SQLite now. A batch is
 * copied straight into `import_rows`; only when that trips the unique (import, external id) index
 * (an id the file repeats, rare) is the batch copied into a temporary table instead and moved by one
 * INSERT … SELECT that skips ids already staged, so the first line with an id is the one kept. A
 * multi-row INSERT with bound parameters spends most of its time binding; COPY does not.
 *
 * Staging commits asynchronously (`synchronous_commit = off`): nobody reads a staged row before the
 * import is marked `publishing`, and that commit is synchronous, which flushes the write-ahead log
 * up to it, staged rows included. A crash before it leaves an import still staging, which recovery
 * discards whole (stagedImports.ts), so a lost staged batch is never published.
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

/** The batch as COPY text, one line per row as `line` writes it, in chunks of about 64 kB. */
export function* copyLines(rows: NewTask[], line: (r: NewTask, i: number) => string): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    chunk += line(rows[i], i);
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const fields = (r: NewTask) => `${copyField(r.externalId)}\t${copyField(r.domain)}\t${copyField(r.payload)}\t${copyField(r.gold)}`;

const DIRECT = 'COPY import_rows (import_id, external_id, domain, payload, gold, is_gold, content_hash, priority) FROM STDIN';
const UNIQUE_VIOLATION = '23505';

/**
 * Stage `rows` of import `importId`; returns the external ids staged by this call (a repeated id is
 * staged once, from its first row, as the SQLite stager does).
 */
export async function copyStage(pool: pg.Pool, importId: number, rows: NewTask[]): Promise<Set<string>> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('BEGIN; SET LOCAL synchronous_commit = off');
    try {
      const direct = (r: NewTask) => `${importId}\t${fields(r)}\t${r.gold === null ? 0 : 1}\t${copyField(r.contentHash)}\t${r.priority}\n`;
      await pipeline(Readable.from(copyLines(rows, direct)), client.query(copyFrom(DIRECT)));
      await client.query('COMMIT');
      return new Set(rows.map((r) => r.externalId));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await client.query('ROLLBACK; BEGIN; SET LOCAL synchronous_commit = off');
    }
    const staged = await stageSkippingRepeats(client, importId, rows);
    await client.query('COMMIT');
    return staged;
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-COPY is not handed out again.
    client.release(failed instanceof Error ? failed : undefined);
  }
}

/** The batch through a temporary table, then into `import_rows` without the ids already there (or earlier in the batch). */
async function stageSkippingRepeats(client: pg.PoolClient, importId: number, rows: NewTask[]): Promise<Set<string>> {
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS tl_copy_rows (ord integer, external_id text, domain text, payload text, gold text,
     content_hash text, priority integer) ON COMMIT DELETE ROWS`,
  );
  const viaTemp = (r: NewTask, i: number) => `${i}\t${fields(r)}\t${copyField(r.contentHash)}\t${r.priority}\n`;
  await pipeline(Readable.from(copyLines(rows, viaTemp)), client.query(copyFrom('COPY tl_copy_rows FROM STDIN')));
  const staged = await client.query<{ external_id: string }>(
    `INSERT INTO import_rows (import_id, external_id, domain, payload, gold, is_gold, content_hash, priority)
     SELECT $1, external_id, domain, payload, gold, CASE WHEN gold IS NULL THEN 0 ELSE 1 END, content_hash, priority
     FROM tl_copy_rows ORDER BY ord
     ON CONFLICT (import_id, external_id) DO NOTHING RETURNING external_id`,
    [importId],
  );
  return new Set(staged.rows.map((r) => r.external_id));
}

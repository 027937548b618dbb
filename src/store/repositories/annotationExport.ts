/**
 * The annotations export's reader: every annotation on non-gold, non-excluded tasks after `afterId`, in
 * id order, with its task's external id and domain and the task's stored consensus — one query per page
 * walking `annotations_project_id`. The tutor's tier is not joined (the caller keeps the few tutors in a
 * map): a users lookup per line cost as much as the rest of the join. On SQLite the page is one prepared
 * statement read as arrays (no query compiled, no row object built twice), under the connection's lock;
 * on PostgreSQL a serial plan, in a transaction of its own.
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { withSqliteConnection } from '../transaction.js';
import type { StoredConsensus } from './consensus.js';

export interface AnnotationExportRow {
  id: number;
  externalId: string;
  domain: string;
  userId: number;
  response: string;
  durationMs: number;
  createdAt: number;
  supersedesId: number | null;
  /** The task's stored consensus, when it has one. */
  consensus: StoredConsensus | undefined;
}

const COLUMNS = `n.id, t.external_id, t.domain, n.user_id, n.response, n.duration_ms, n.created_at, n.supersedes_id,
  c.task_id, c.method, c.method_version, c.label, c.confidence, c.annotator_count, c.source, c.review_id, c.computed_at`;
const FROM = `FROM annotations n JOIN tasks t ON t.id = n.task_id LEFT JOIN task_consensus c ON c.task_id = n.task_id
  WHERE n.project_id = $1 AND t.is_gold = 0 AND t.export_excluded = 0 AND n.id > $2 AND n.id <= CAST($3 AS BIGINT) ORDER BY n.id LIMIT $4`;

type Raw = [number, string, string, number, string, number, number, number | null, ...unknown[]];

/** The page's rows; a task's consensus is one object shared by its annotations (formed once, not per line). */
function fromRaws(raws: Raw[]): AnnotationExportRow[] {
  const consensus = new Map<unknown, StoredConsensus>();
  return raws.map((r) => {
    const row = fromRaw(r, r[8] === null ? undefined : consensus.get(r[8]));
    if (row.consensus) consensus.set(r[8], row.consensus);
    return row;
  });
}

function fromRaw(r: Raw, known: StoredConsensus | undefined): AnnotationExportRow {
  return {
    id: Number(r[0]),
    externalId: r[1],
    domain: r[2],
    userId: Number(r[3]),
    response: r[4],
    durationMs: Number(r[5]),
    createdAt: Number(r[6]),
    supersedesId: r[7] === null ? null : Number(r[7]),
    consensus:
      known ??
      (r[8] === null
        ? undefined
        : ({
            task_id: r[8],
            method: r[9],
            method_version: r[10],
            label: r[11],
            confidence: r[12],
            annotator_count: r[13],
            source: r[14],
            review_id: r[15],
            computed_at: r[16],
          } as StoredConsensus)),
  };
}

const pages = new WeakMap<SQLite.Database, SQLite.Statement<[number, number, number, number], Raw>>();

export async function annotationExportPage(
  store: Store,
  projectId: number,
  afterId: number,
  limit: number,
  /** The last annotation id of a slice of the export (a worker's, parallelLines.ts). */
  throughId = Number.MAX_SAFE_INTEGER,
): Promise<AnnotationExportRow[]> {
  if (store.dialect === 'sqlite') {
    return withSqliteConnection(store, (raw) => {
      let page = pages.get(raw);
      if (!page)
        pages.set(
          raw,
          (page = raw.prepare<[number, number, number, number], Raw>(`SELECT ${COLUMNS} ${FROM.replace(/\$\d/g, '?')}`).raw(true)),
        );
      return fromRaws(page.all(projectId, afterId, throughId, limit));
    });
  }
  // Serial: for a page of a few thousand rows PostgreSQL chose a parallel plan whose workers it started
  // on every page (0.12–0.16 s a page at a million tasks against 0.08 s serial; 38–43k lines/s against 74–77k).
  const client = await store.pgPool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    const { rows } = await client.query<Raw>({
      // Named: prepared once per connection, not planned for every page.
      name: 'tl_export_annotations',
      text: `SELECT ${COLUMNS} ${FROM}`,
      values: [projectId, afterId, throughId, limit],
      rowMode: 'array',
    });
    await client.query('COMMIT');
    return fromRaws(rows);
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    // A client whose transaction failed is discarded, not handed back to the pool mid-transaction.
    client.release(failed);
  }
}

/** The tier of each of these users (the annotations export's tutors). */
export async function userTiers(store: Store, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await store.db.selectFrom('users').select(['id', 'tier']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.tier as string]));
}

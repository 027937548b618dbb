import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/database.js';
import { testDatabases } from '../../support/databases.js';

describe.each(testDatabases())('migrations on $name', ({ freshUrl }) => {
  it('creates every table on a fresh database and is a no-op the second time', async () => {
    const url = await freshUrl();
    const first = await openStore(url);
    const tables = (await first.db.introspection.getTables()).map((t) => t.name);
    for (const t of ['users', 'sessions', 'api_tokens', 'certifications', 'projects', 'tasks', 'assignments', 'annotations', 'audit_log']) {
      expect(tables).toContain(t);
    }
    await first.close();
    const second = await openStore(url);
    const again = await second.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(again.n)).toBe(0);
    await second.close();
  });

  it('reads millisecond timestamps back as numbers', async () => {
    const store = await openStore(await freshUrl());
    const at = Date.UTC(2026, 10, 23, 12, 0, 0);
    await store.db
      .insertInto('audit_log')
      .values({ actor_id: null, action: 'test', target_type: 'none', target_id: null, detail: '{}', at })
      .execute();
    const row = await store.db.selectFrom('audit_log').select('at').executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    await store.close();
  });
});

describe.each(testDatabases())('query plans on $name', ({ name, freshUrl }) => {
  it('checks "is this annotation superseded?" with an index probe, not a scan of every annotation', async () => {
    const store = await openStore(await freshUrl());
    const { sql } = await import('kysely');
    const query = sql`SELECT n.id FROM annotations n WHERE n.task_id IN (1, 2)
                      AND NOT EXISTS (SELECT c.id FROM annotations c WHERE c.supersedes_id = n.id)`;
    if (name === 'sqlite') {
      const plan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.db)).rows.map((r) => r.detail).join('\n');
      expect(plan).toContain('annotations_supersedes');
    } else {
      // On an empty table PostgreSQL would rightly prefer a scan; forbid it to see whether the index can serve.
      await store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain('annotations_supersedes');
      });
    }
    await store.close();
  });

  it('finds task ids by a prefix range through the one unique index on (project, id), compared in code-point order', async () => {
    const store = await openStore(await freshUrl());
    const { sql } = await import('kysely');
    if (name === 'sqlite') {
      const query = sql`SELECT id FROM tasks WHERE project_id = 1 AND external_id >= 'q1' AND external_id < 'q2'`;
      const plan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.db)).rows.map((r) => r.detail).join('\n');
      // The unique constraint's own index (SQLite names it sqlite_autoindex_tasks_N), searched by the range.
      expect(plan).toMatch(/INDEX \S+ \(project_id=\? AND external_id>\? AND external_id<\?\)/);
    } else {
      // Migration 043: the column is in "C" (as SQLite compares), and the one unique index serves the browser's range.
      const column = await sql<{ collation_name: string | null }>`SELECT collation_name FROM information_schema.columns
        WHERE table_name = 'tasks' AND column_name = 'external_id'`.execute(store.db);
      expect(column.rows[0].collation_name).toBe('C');
      const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes
        WHERE tablename = 'tasks' AND indexdef LIKE '%external_id%'`.execute(store.db);
      expect(indexes.rows.map((r) => r.indexname)).toEqual(['tasks_project_external_id']);
      await store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const query = sql`SELECT id FROM tasks WHERE project_id = 1 AND external_id COLLATE "C" >= 'q1' AND external_id COLLATE "C" < 'q2'`;
        const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain('tasks_project_external_id');
        expect(plan).toContain("external_id >= 'q1'::text");
      });
    }
    await store.close();
  });
});

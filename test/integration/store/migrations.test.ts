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
});

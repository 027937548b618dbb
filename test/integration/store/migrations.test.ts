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
    const again = await second.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(again.n)).toBe(0);
    await second.close();
  });

  it('reads millisecond timestamps back as numbers', async () => {
    const store = await openStore(await freshUrl());
    const at = Date.UTC(2026, 10, 23, 12, 0, 0);
    await store.db.insertInto('audit_log').values({ actor_id: null, action: 'test', target_type: 'none', target_id: null, detail: '{}', at }).execute();
    const row = await store.db.selectFrom('audit_log').select('at').executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    await store.close();
  });
});

/**
 * What lets several server processes share one database (issue 14): a write to projects, users or
 * API tokens by any connection moves the cache generation every process checks (trigger-kept counter
 * on SQLite, NOTIFY on PostgreSQL), while the per-minute token touch does not; and on PostgreSQL the
 * routing functions installed by migration 011 are the ones the code would install today.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../src/services/index.js';
import { cacheGeneration } from '../../../src/store/cacheGenerations.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { ROUTING_FUNCTIONS } from '../../../src/store/migrations/045_routing_groups.js';
import { insertToken } from '../../../src/store/repositories/tokens.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';

/** The generation once it differs from `before` (PostgreSQL hears of a commit a moment later), or after 5 s. */
async function movedFrom(store: Store, data: 'auth' | 'projects', before: number): Promise<number> {
  const until = Date.now() + 5000;
  while (cacheGeneration(store, data) === before && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return cacheGeneration(store, data);
}

/** A generation to compare against: on PostgreSQL, once the listening connection is up. */
async function settled(store: Store, data: 'auth' | 'projects'): Promise<number> {
  const until = Date.now() + 5000;
  while (cacheGeneration(store, data) < 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return cacheGeneration(store, data);
}

describe.each(testDatabases())('shared caches on $name', ({ name, freshUrl }) => {
  let h: Harness;
  let other: Store | undefined;
  afterEach(async () => {
    await other?.close();
    await h?.close();
  });

  it("moves the generation on another connection's writes, not on the token touch", async () => {
    const url = await freshUrl();
    h = await harness(url);
    // "Another process": a second store on the same database writes; `h.store` must notice.
    other = await openStore(url);
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'cached', type: 'label', domains: ['general'], labels: ['a', 'b'] });
    const token = await insertToken(h.store.db, { userId: manager.id, name: 't', tokenHash: 'h'.repeat(64), createdAt: 1 });

    const projects = await settled(h.store, 'projects');
    expect(projects).toBeGreaterThanOrEqual(0);
    await other.db.updateTable('projects').set({ status: 'paused' }).where('id', '=', project.id).execute();
    expect(await movedFrom(h.store, 'projects', projects)).not.toBe(projects);

    const auth = await settled(h.store, 'auth');
    await other.db.updateTable('api_tokens').set({ last_used_at: 5 }).where('id', '=', token.id).execute();
    // Give a notice time to arrive, were one sent: the touch must not empty every cache.
    await new Promise((r) => setTimeout(r, 200));
    expect(cacheGeneration(h.store, 'auth')).toBe(auth);
    await other.db.updateTable('api_tokens').set({ revoked_at: 6 }).where('id', '=', token.id).execute();
    expect(await movedFrom(h.store, 'auth', auth)).not.toBe(auth);
    const afterRevoke = cacheGeneration(h.store, 'auth');
    await other.db.updateTable('users').set({ disabled: 1 }).where('id', '=', manager.id).execute();
    expect(await movedFrom(h.store, 'auth', afterRevoke)).not.toBe(afterRevoke);
  });

  it.runIf(name === 'postgres')('has the routing functions the code would install today', async () => {
    h = await harness(await freshUrl());
    const installed = await sql<{ src: string }>`
      SELECT prosrc AS src FROM pg_proc WHERE proname IN ('tl_sweep', 'tl_pick', 'tl_lease_next', 'tl_complete', 'tl_complete_then_lease', 'tl_route_group')`.execute(
      h.store.db,
    );
    const bodies = ROUTING_FUNCTIONS.map((statement) => statement.slice(statement.indexOf('$$') + 2, statement.lastIndexOf('$$')));
    expect(installed.rows.map((r) => r.src).sort()).toEqual([...bodies].sort());
  });
});

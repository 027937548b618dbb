/**
 * The databases an integration test runs against: always a fresh SQLite file, and a fresh
 * PostgreSQL database when TUTORLOOP_TEST_PG is set (scripts/test.sh starts a server and sets it).
 * Under CI=true a missing PostgreSQL is a failure, not a skip.
 *
 * Usage:
 *   describe.each(testDatabases())('routing on $name', ({ freshUrl }) => { ... const url = await freshUrl(); ... })
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A URL for a brand-new, empty database (a new SQLite file, or a new PostgreSQL database). */
  freshUrl: () => Promise<string>;
}

const pgAdminUrl = process.env.TUTORLOOP_TEST_PG;

if (!pgAdminUrl && process.env.CI === 'true') {
  throw new Error('CI=true but TUTORLOOP_TEST_PG is not set: the PostgreSQL half of the integration suite cannot run');
}

export function testDatabases(): TestDatabase[] {
  const dbs: TestDatabase[] = [{ name: 'sqlite', freshUrl: async () => `sqlite:${freshSqlitePath()}` }];
  if (pgAdminUrl) dbs.push({ name: 'postgres', freshUrl: () => freshPostgresDatabase(pgAdminUrl) });
  return dbs;
}

/** True when the PostgreSQL half is skipped (printed by tests so the skip has a reason). */
export const postgresSkipReason = pgAdminUrl ? null : 'TUTORLOOP_TEST_PG not set: PostgreSQL tests skipped';

export function freshSqlitePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tutorloop-test-')), 'test.db');
}

async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  return createPostgresDatabase(adminUrl, `tl_test_${randomBytes(6).toString('hex')}`);
}

/** A new database named `name` on the PostgreSQL server at `adminUrl`, returned as a URL. */
export async function createPostgresDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

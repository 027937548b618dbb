/**
 * Safe retries (issue 12, item 12): `idempotency_keys` holds the answer to each write a client sent
 * with an `Idempotency-Key`, scoped to the user, so a retry after a lost answer replays it instead
 * of doing the write again. `annotations_assignment` finds the annotation stored for an assignment
 * when a submit is retried without a key.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
      .execute();
    await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    await db.schema.createIndex('annotations_assignment').on('annotations').column('assignment_id').execute();
  };
}

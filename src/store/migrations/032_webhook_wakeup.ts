/**
 * The webhook worker sleeps while nothing is due instead of polling (#19), on PostgreSQL.
 *
 * A worker with nothing to send sets `webhook_wakeup.sleeping` and waits for a notice on
 * `tutorloop_webhooks`. A delivery written while one sleeps clears the flag and sends the notice. The
 * flag is why: a NOTIFY in every event's transaction would make those transactions commit one at a
 * time (PostgreSQL serialises notifying commits), so while a worker is awake, writing a delivery costs
 * one look at a one-row table and nothing more. Rows only: an insert that wrote no delivery (nobody
 * subscribed) fires nothing. SQLite has no notices; its worker polls (an in-process indexed look).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export const WEBHOOK_CHANNEL = 'tutorloop_webhooks';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    await sql`CREATE TABLE webhook_wakeup (id integer PRIMARY KEY, sleeping integer NOT NULL)`.execute(db);
    await sql`INSERT INTO webhook_wakeup (id, sleeping) VALUES (1, 0)`.execute(db);
    await sql
      .raw(
        `CREATE FUNCTION webhook_wake_fn() RETURNS trigger LANGUAGE plpgsql AS $body$
         BEGIN
           IF EXISTS (SELECT 1 FROM webhook_wakeup WHERE sleeping = 1) THEN
             UPDATE webhook_wakeup SET sleeping = 0 WHERE sleeping = 1;
             IF FOUND THEN PERFORM pg_notify('${WEBHOOK_CHANNEL}', ''); END IF;
           END IF;
           RETURN NULL;
         END $body$`,
      )
      .execute(db);
    await sql`CREATE TRIGGER webhook_wake AFTER INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION webhook_wake_fn()`.execute(db);
  };
}

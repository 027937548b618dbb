/**
 * Big projects (issue 14): dashboards read rollups, not every annotation.
 * - `judgment_days` (project × tutor × UTC day: judgments) and `judgment_durations` (project × tutor ×
 *   duration bucket: judgments) are kept in step by a trigger on `annotations` (append-only; per row on
 *   SQLite, per statement over its inserted rows on PostgreSQL), so every
 *   statement that stores an annotation — the routing SQL of either database included — keeps them
 *   right in its own transaction: a crash leaves both or neither. The buckets are `durationBuckets.ts`.
 * - `annotations (project_id, id)`: the paged readers (exports, agreement, the consensus batch) and the
 *   newest annotation of a project walk it instead of sorting or scanning the project's annotations.
 * Existing annotations are rolled up once here.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { durationBucketSql } from '../durationBuckets.js';

const DAY = sql.lit(86_400_000);

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql`CREATE INDEX annotations_project_id ON annotations (project_id, id)`.execute(db);
    await db.schema
      .createTable('judgment_days')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('judgments', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('judgment_days_pk', ['project_id', 'user_id', 'day'])
      .execute();
    await db.schema
      .createTable('judgment_durations')
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('judgments', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('judgment_durations_pk', ['project_id', 'user_id', 'bucket'])
      .execute();
    await db.schema.createIndex('judgment_durations_user').on('judgment_durations').columns(['user_id', 'bucket']).execute();

    const day = (col: string) => sql`(${sql.raw(col)} / ${DAY})`;
    await sql`INSERT INTO judgment_days (project_id, user_id, day, judgments)
      SELECT project_id, user_id, ${day('created_at')}, count(*) FROM annotations GROUP BY project_id, user_id, ${day('created_at')}`.execute(
      db,
    );
    await sql`INSERT INTO judgment_durations (project_id, user_id, bucket, judgments)
      SELECT project_id, user_id, ${durationBucketSql('duration_ms')}, count(*) FROM annotations
      GROUP BY project_id, user_id, ${durationBucketSql('duration_ms')}`.execute(db);

    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER annotations_rollup AFTER INSERT ON annotations FOR EACH ROW BEGIN
        INSERT INTO judgment_days (project_id, user_id, day, judgments)
          VALUES (NEW.project_id, NEW.user_id, ${day('NEW.created_at')}, 1)
          ON CONFLICT (project_id, user_id, day) DO UPDATE SET judgments = judgment_days.judgments + 1;
        INSERT INTO judgment_durations (project_id, user_id, bucket, judgments)
          VALUES (NEW.project_id, NEW.user_id, ${durationBucketSql('NEW.duration_ms')}, 1)
          ON CONFLICT (project_id, user_id, bucket) DO UPDATE SET judgments = judgment_durations.judgments + 1;
      END`.execute(db);
    } else {
      // Once per statement over its inserted rows (a transition table): a bulk INSERT … SELECT adds
      // grouped counts instead of upserting row by row.
      await sql`CREATE FUNCTION annotations_rollup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO judgment_days (project_id, user_id, day, judgments)
          SELECT project_id, user_id, ${day('created_at')}, count(*) FROM inserted GROUP BY 1, 2, 3
          ON CONFLICT (project_id, user_id, day) DO UPDATE SET judgments = judgment_days.judgments + EXCLUDED.judgments;
        INSERT INTO judgment_durations (project_id, user_id, bucket, judgments)
          SELECT project_id, user_id, ${durationBucketSql('duration_ms')}, count(*) FROM inserted GROUP BY 1, 2, 3
          ON CONFLICT (project_id, user_id, bucket) DO UPDATE SET judgments = judgment_durations.judgments + EXCLUDED.judgments;
        RETURN NULL; END $$`.execute(db);
      await sql`CREATE TRIGGER annotations_rollup AFTER INSERT ON annotations REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION annotations_rollup()`.execute(db);
    }
  };
}

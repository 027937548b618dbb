/**
 * Models in the loop (issue 13): OpenAI-compatible endpoints (the API key only as AES-256-GCM
 * ciphertext), one row per model call with its tokens and cost (the accounting every budget and
 * report reads), candidate generation jobs and their items, and each project's spending cap on model calls.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  const real = dialect === 'postgres' ? ('double precision' as const) : ('real' as const);
  const id = dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('model_endpoints')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      // "v1:<iv>:<tag>:<ciphertext>" in base64 (services/secrets/secretBox.ts); never the key itself.
      .addColumn('api_key_sealed', 'text', (c) => c.notNull())
      .addColumn('price_input_per_million', real, (c) => c.notNull())
      .addColumn('price_output_per_million', real, (c) => c.notNull())
      .addColumn('max_concurrency', 'integer', (c) => c.notNull())
      .addColumn('requests_per_minute', 'integer', (c) => c.notNull())
      .addColumn('timeout_ms', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // Removed endpoints stay (their calls keep their cost history); names are unique among live ones.
      .addColumn('removed_at', 'bigint')
      .execute();
    await sql`CREATE UNIQUE INDEX model_endpoints_live_name ON model_endpoints (name) WHERE removed_at IS NULL`.execute(db);

    await db.schema
      .createTable('model_calls')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('model_endpoints.id'))
      .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      // 'ok' or 'failed' (after every retry); failed calls are billed for whatever tokens they used.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('input_tokens', 'integer', (c) => c.notNull())
      .addColumn('output_tokens', 'integer', (c) => c.notNull())
      .addColumn('cost_usd', real, (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('model_calls_project').on('model_calls').columns(['project_id']).execute();
    await db.schema.createIndex('model_calls_endpoint').on('model_calls').columns(['endpoint_id']).execute();

    // Candidate generation: a job is its items (prompt × endpoint × sample), each called at most once
    // to completion, so a restarted job resumes from the items still pending and pays for none twice.
    await db.schema
      .createTable('generation_jobs')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      // queued | running | done | failed | cancelled
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('generation_items')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('job_id', 'integer', (c) => c.notNull().references('generation_jobs.id'))
      .addColumn('prompt_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'integer', (c) => c.notNull())
      .addColumn('sample', 'integer', (c) => c.notNull())
      // pending | done | failed
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('provenance', 'text')
      .addColumn('error', 'text')
      .addUniqueConstraint('generation_items_once', ['job_id', 'prompt_id', 'endpoint_id', 'sample'])
      .execute();

    await db.schema
      .createTable('model_budgets')
      .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id'))
      .addColumn('limit_usd', real, (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  };
}

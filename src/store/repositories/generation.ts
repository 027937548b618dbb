/** Candidate generation jobs and their items (prompt × endpoint × sample), the job's durable state. */
import { sql } from 'kysely';
import type { GenerationJobState } from '../../domain/generation.js';
import type { Db } from '../transaction.js';

export interface JobRow {
  id: number;
  projectId: number;
  state: GenerationJobState;
  spec: string;
  error: string | null;
  createdBy: number | null;
}

export interface ItemRow {
  id: number;
  promptId: string;
  endpointId: number;
  sample: number;
  state: 'pending' | 'done' | 'failed';
  text: string | null;
  provenance: string | null;
  error: string | null;
}

export async function insertJob(
  db: Db,
  job: {
    projectId: number;
    spec: string;
    createdBy: number | null;
    now: number;
    items: { promptId: string; endpointId: number; sample: number }[];
  },
): Promise<number> {
  const { id } = await db
    .insertInto('generation_jobs')
    .values({
      project_id: job.projectId,
      state: 'queued',
      spec: job.spec,
      error: null,
      created_by: job.createdBy,
      created_at: job.now,
      updated_at: job.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < job.items.length; i += 500) {
    const slice = job.items.slice(i, i + 500);
    await db
      .insertInto('generation_items')
      .values(
        slice.map((it) => ({
          job_id: id,
          prompt_id: it.promptId,
          endpoint_id: it.endpointId,
          sample: it.sample,
          state: 'pending' as const,
        })),
      )
      .execute();
  }
  return id;
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  const r = await db.selectFrom('generation_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, projectId: r.project_id, state: r.state, spec: r.spec, error: r.error, createdBy: r.created_by };
}

export async function setJobState(db: Db, id: number, state: GenerationJobState, error: string | null, now: number): Promise<void> {
  await db.updateTable('generation_jobs').set({ state, error, updated_at: now }).where('id', '=', id).execute();
}

export async function jobItems(db: Db, jobId: number): Promise<ItemRow[]> {
  const rows = await db.selectFrom('generation_items').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    promptId: r.prompt_id,
    endpointId: r.endpoint_id,
    sample: r.sample,
    state: r.state,
    text: r.text,
    provenance: r.provenance,
    error: r.error,
  }));
}

/** Stores an item's outcome once: an item already finished is left as it was (returns false). */
export async function finishItem(
  db: Db,
  id: number,
  outcome: { state: 'done' | 'failed'; text?: string; provenance?: string; error?: string },
): Promise<boolean> {
  const res = await db
    .updateTable('generation_items')
    .set({ state: outcome.state, text: outcome.text ?? null, provenance: outcome.provenance ?? null, error: outcome.error ?? null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function itemCounts(db: Db, jobId: number): Promise<{ total: number; done: number; failed: number }> {
  const r = await db
    .selectFrom('generation_items')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when state = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when state = 'failed' then 1 else 0 end)`.as('failed'),
    ])
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return { total: Number(r.total), done: Number(r.done ?? 0), failed: Number(r.failed ?? 0) };
}

/** A project's generation jobs, newest first (at most 100). */
export async function projectJobIds(db: Db, projectId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('generation_jobs')
    .select('id')
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => r.id);
}

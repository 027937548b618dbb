/** AI judges, their versioned prompts, their runs and verdicts (migration 015). */
import type { Selectable } from 'kysely';
import type { JudgeRunsTable, JudgeVerdictsTable } from '../schemaModels.js';
import type { Db } from '../transaction.js';

export interface JudgeRecord {
  id: number;
  userId: number;
  name: string;
  endpointId: number;
  endpointName: string;
  domains: string[];
  disabled: boolean;
  createdAt: number;
}

function judgesQuery(db: Db) {
  return db
    .selectFrom('judges as j')
    .innerJoin('users as u', 'u.id', 'j.user_id')
    .innerJoin('model_endpoints as e', 'e.id', 'j.endpoint_id')
    .select(['j.id', 'j.user_id', 'u.name', 'u.domains', 'u.disabled', 'j.endpoint_id', 'e.name as endpoint_name', 'j.created_at']);
}

type JudgeRow = Awaited<ReturnType<ReturnType<typeof judgesQuery>['executeTakeFirstOrThrow']>>;

const toJudge = (r: JudgeRow): JudgeRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  endpointId: r.endpoint_id,
  endpointName: r.endpoint_name,
  domains: JSON.parse(r.domains) as string[],
  disabled: r.disabled !== 0,
  createdAt: Number(r.created_at),
});

export async function insertJudge(db: Db, userId: number, endpointId: number, now: number): Promise<number> {
  const row = await db
    .insertInto('judges')
    .values({ user_id: userId, endpoint_id: endpointId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listJudges(db: Db): Promise<JudgeRecord[]> {
  return (await judgesQuery(db).orderBy('j.id').execute()).map(toJudge);
}

/** A judge by user id, or by its user's name. */
export async function findJudge(db: Db, ref: number | string): Promise<JudgeRecord | undefined> {
  const q = judgesQuery(db);
  const row = await (typeof ref === 'number' ? q.where('j.user_id', '=', ref) : q.where('u.name', '=', ref)).executeTakeFirst();
  return row ? toJudge(row) : undefined;
}

export interface PromptRecord {
  taskType: string;
  version: number;
  template: string;
  createdAt: number;
}

export async function insertPrompt(db: Db, judgeId: number, taskType: string, template: string, by: number, now: number): Promise<number> {
  const last = await db
    .selectFrom('judge_prompts')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('judge_id', '=', judgeId)
    .where('task_type', '=', taskType)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await db
    .insertInto('judge_prompts')
    .values({ judge_id: judgeId, task_type: taskType, version, template, created_by: by, created_at: now })
    .execute();
  return version;
}

/** Every version of a judge's prompts, newest first per task type. */
export async function judgePrompts(db: Db, judgeId: number): Promise<PromptRecord[]> {
  const rows = await db
    .selectFrom('judge_prompts')
    .select(['task_type', 'version', 'template', 'created_at'])
    .where('judge_id', '=', judgeId)
    .orderBy('task_type')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ taskType: r.task_type, version: r.version, template: r.template, createdAt: Number(r.created_at) }));
}

export type JudgeRunRow = Selectable<JudgeRunsTable>;

export async function insertRun(db: Db, r: { projectId: number; judgeId: number; maxItems: number | null; by: number; now: number }) {
  const row = await db
    .insertInto('judge_runs')
    .values({
      project_id: r.projectId,
      judge_id: r.judgeId,
      state: 'queued',
      max_items: r.maxItems,
      error: null,
      created_by: r.by,
      created_at: r.now,
      updated_at: r.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findRun(db: Db, id: number): Promise<JudgeRunRow | undefined> {
  return db.selectFrom('judge_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function projectRuns(db: Db, projectId: number): Promise<JudgeRunRow[]> {
  return db.selectFrom('judge_runs').selectAll().where('project_id', '=', projectId).orderBy('id', 'desc').limit(100).execute();
}

export async function setRunState(db: Db, id: number, state: JudgeRunRow['state'], error: string | null, now: number) {
  await db.updateTable('judge_runs').set({ state, error, updated_at: now }).where('id', '=', id).execute();
}

export type NewVerdict = Omit<JudgeVerdictsTable, 'id' | 'self_preference'> & { self_preference: number };

export async function runCounts(db: Db, runId: number): Promise<Record<'ok' | 'failed' | 'to_humans', number>> {
  const rows = await db
    .selectFrom('judge_verdicts')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy('status')
    .execute();
  const out = { ok: 0, failed: 0, to_humans: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export type VerdictRow = Selectable<JudgeVerdictsTable>;

export async function projectVerdicts(db: Db, projectId: number): Promise<VerdictRow[]> {
  return db.selectFrom('judge_verdicts').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

/** The stored payload's `meta.generation.responses` (which model wrote which response), server-side only. */
export async function generationProvenance(db: Db, taskId: number): Promise<Record<string, { model?: string }>> {
  const row = await db.selectFrom('tasks').select('payload').where('id', '=', taskId).executeTakeFirst();
  if (!row) return {};
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
    meta?: { generation?: { responses?: Record<string, { model?: string }> } };
  };
  return payload.meta?.generation?.responses ?? {};
}

/** The judge's user id (verdicts and runs name the judge row; people know it by its user). */
export async function judgeUserId(db: Db, judgeId: number): Promise<number> {
  const row = await db.selectFrom('judges').select('user_id').where('id', '=', judgeId).executeTakeFirstOrThrow();
  return row.user_id;
}

/** Judge row id → user id, for every judge. */
export async function judgeUserIds(db: Db): Promise<Map<number, number>> {
  return new Map((await db.selectFrom('judges').select(['id', 'user_id']).execute()).map((j) => [j.id, j.user_id]));
}

/**
 * Of `taskIds`, the tasks a judge flagged for people: judged in both orders and inconsistent, sent to
 * humans, or a choice of the judge's own model's answer (self-preference). The cascade moves them up.
 */
export async function flaggedTasks(db: Db, taskIds: readonly number[]): Promise<Set<number>> {
  if (taskIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('judge_verdicts')
    .select('task_id')
    .distinct()
    .where('task_id', 'in', [...taskIds])
    .where((eb) => eb.or([eb('consistent', '=', 0), eb('status', '=', 'to_humans'), eb('self_preference', '=', 1)]))
    .execute();
  return new Set(rows.map((r) => r.task_id));
}

/**
 * How many live leases a model-tier user may hold: its endpoint's max concurrency (1 when it is no
 * judge, or its endpoint was removed).
 */
export async function judgeLeaseCap(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('judges as j')
    .innerJoin('model_endpoints as e', 'e.id', 'j.endpoint_id')
    .select('e.max_concurrency')
    .where('j.user_id', '=', userId)
    .where('e.removed_at', 'is', null)
    .executeTakeFirst();
  return Math.max(1, row?.max_concurrency ?? 1);
}

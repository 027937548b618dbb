/**
 * Model endpoints, their calls and the projects' model budgets. The sealed API key is read only by
 * `sealedKeyOf`, for the client that makes the call; every other read leaves it out.
 */
import { sql } from 'kysely';
import type { ModelCallPurpose, ModelEndpointSettings } from '../../domain/models.js';
import type { Db } from '../transaction.js';

export interface EndpointRecord extends Omit<ModelEndpointSettings, 'apiKey'> {
  id: number;
  createdAt: number;
}

const COLUMNS = [
  'id',
  'name',
  'base_url',
  'model',
  'price_input_per_million',
  'price_output_per_million',
  'max_concurrency',
  'requests_per_minute',
  'timeout_ms',
  'created_at',
] as const;

type EndpointRow = {
  id: number;
  name: string;
  base_url: string;
  model: string;
  price_input_per_million: number;
  price_output_per_million: number;
  max_concurrency: number;
  requests_per_minute: number;
  timeout_ms: number;
  created_at: number;
};

const toRecord = (r: EndpointRow): EndpointRecord => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  model: r.model,
  priceInputPerMillion: r.price_input_per_million,
  priceOutputPerMillion: r.price_output_per_million,
  maxConcurrency: r.max_concurrency,
  requestsPerMinute: r.requests_per_minute,
  timeoutMs: r.timeout_ms,
  createdAt: r.created_at,
});

export async function insertEndpoint(db: Db, e: Omit<ModelEndpointSettings, 'apiKey'> & { apiKeySealed: string; createdAt: number }) {
  const row = await db
    .insertInto('model_endpoints')
    .values({
      name: e.name,
      base_url: e.baseUrl,
      model: e.model,
      api_key_sealed: e.apiKeySealed,
      price_input_per_million: e.priceInputPerMillion,
      price_output_per_million: e.priceOutputPerMillion,
      max_concurrency: e.maxConcurrency,
      requests_per_minute: e.requestsPerMinute,
      timeout_ms: e.timeoutMs,
      created_at: e.createdAt,
      removed_at: null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function liveEndpoints(db: Db): Promise<EndpointRecord[]> {
  const rows = await db.selectFrom('model_endpoints').select(COLUMNS).where('removed_at', 'is', null).orderBy('id').execute();
  return rows.map(toRecord);
}

/** A live endpoint by id or by name. */
export async function findLiveEndpoint(db: Db, ref: number | string): Promise<EndpointRecord | undefined> {
  const row = await db
    .selectFrom('model_endpoints')
    .select(COLUMNS)
    .where('removed_at', 'is', null)
    .where(typeof ref === 'number' ? 'id' : 'name', '=', ref)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function sealedKeyOf(db: Db, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('model_endpoints').select('api_key_sealed').where('id', '=', id).executeTakeFirst();
  return row?.api_key_sealed;
}

export async function markEndpointRemoved(db: Db, id: number, now: number): Promise<boolean> {
  const res = await db
    .updateTable('model_endpoints')
    .set({ removed_at: now })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface CallRecord {
  endpointId: number;
  projectId: number | null;
  purpose: ModelCallPurpose;
  status: 'ok' | 'failed';
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  error: string | null;
  createdAt: number;
}

export const callRow = (c: CallRecord) => ({
  endpoint_id: c.endpointId,
  project_id: c.projectId,
  purpose: c.purpose,
  status: c.status,
  attempts: c.attempts,
  input_tokens: c.inputTokens,
  output_tokens: c.outputTokens,
  cost_usd: c.costUsd,
  latency_ms: c.latencyMs,
  error: c.error,
  created_at: c.createdAt,
});

export async function insertCall(db: Db, c: CallRecord): Promise<void> {
  await insertCalls(db, [c]);
}

/** Many calls in one statement per 500 (11 parameters a row stays under every SQLite limit). */
export async function insertCalls(db: Db, calls: readonly CallRecord[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 500)
    await db
      .insertInto('model_calls')
      .values(calls.slice(i, i + 500).map(callRow))
      .execute();
}

export interface EndpointUsage {
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Calls, tokens and dollars per endpoint (endpoints with no calls are absent). */
export async function usageByEndpoint(db: Db): Promise<Map<number, EndpointUsage>> {
  const rows = await db
    .selectFrom('model_calls')
    .select([
      'endpoint_id',
      sql<number>`count(*)`.as('calls'),
      sql<number>`sum(case when status = 'failed' then 1 else 0 end)`.as('failed'),
      sql<number>`sum(input_tokens)`.as('input_tokens'),
      sql<number>`sum(output_tokens)`.as('output_tokens'),
      sql<number>`sum(cost_usd)`.as('cost_usd'),
    ])
    .groupBy('endpoint_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        calls: Number(r.calls),
        failedCalls: Number(r.failed),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        costUsd: Number(r.cost_usd),
      },
    ]),
  );
}

export async function projectSpentUsd(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('model_calls')
    .select(sql<number | null>`sum(cost_usd)`.as('spent'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.spent ?? 0);
}

export async function budgetOf(db: Db, projectId: number): Promise<number | null> {
  const row = await db.selectFrom('model_budgets').select('limit_usd').where('project_id', '=', projectId).executeTakeFirst();
  return row ? row.limit_usd : null;
}

export async function setBudget(db: Db, projectId: number, limitUsd: number | null, now: number): Promise<void> {
  await db.deleteFrom('model_budgets').where('project_id', '=', projectId).execute();
  if (limitUsd !== null)
    await db.insertInto('model_budgets').values({ project_id: projectId, limit_usd: limitUsd, updated_at: now }).execute();
}

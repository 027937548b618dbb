/** The tables of models in the loop (migration 008), part of `Database` in schema.ts. */
import type { Generated } from 'kysely';

export interface ModelEndpointsTable {
  id: Generated<number>;
  name: string;
  base_url: string;
  model: string;
  /** AES-256-GCM ciphertext of the API key (services/secrets/secretBox.ts). */
  api_key_sealed: string;
  price_input_per_million: number;
  price_output_per_million: number;
  max_concurrency: number;
  requests_per_minute: number;
  timeout_ms: number;
  created_at: number;
  removed_at: number | null;
}

export interface ModelCallsTable {
  id: Generated<number>;
  endpoint_id: number;
  project_id: number | null;
  purpose: 'test' | 'generate' | 'judge' | 'live';
  status: 'ok' | 'failed';
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  error: string | null;
  created_at: number;
}

export interface ModelBudgetsTable {
  project_id: number;
  limit_usd: number;
  updated_at: number;
}

export interface GenerationJobsTable {
  id: Generated<number>;
  project_id: number;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** JSON: the prompts, endpoints, samples and parameters (domain/generation.ts GenerationSpec). */
  spec: string;
  error: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** Held by the server process working it until then, ms (migration 023); null: not run by a server. */
  runner_until: Generated<number | null>;
}

export interface GenerationItemsTable {
  id: Generated<number>;
  job_id: number;
  prompt_id: string;
  endpoint_id: number;
  sample: number;
  state: 'pending' | 'done' | 'failed';
  text: string | null;
  /** JSON: endpoint, model, parameters, seed, tokens, latency, cost. */
  provenance: string | null;
  error: string | null;
}

export interface ModelTables {
  generation_jobs: GenerationJobsTable;
  generation_items: GenerationItemsTable;
  model_endpoints: ModelEndpointsTable;
  model_calls: ModelCallsTable;
  model_budgets: ModelBudgetsTable;
  judges: JudgesTable;
  judge_prompts: JudgePromptsTable;
  judge_runs: JudgeRunsTable;
  judge_verdicts: JudgeVerdictsTable;
}

/** AI judges (migration 015). */
export interface JudgesTable {
  id: Generated<number>;
  user_id: number;
  endpoint_id: number;
  created_at: number;
}

export interface JudgePromptsTable {
  id: Generated<number>;
  judge_id: number;
  task_type: string;
  version: number;
  template: string;
  created_by: number | null;
  created_at: number;
}

export interface JudgeRunsTable {
  id: Generated<number>;
  project_id: number;
  judge_id: number;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  max_items: number | null;
  error: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** Held by the server process working it until then, ms (migration 023); null: not run by a server. */
  runner_until: Generated<number | null>;
}

export interface JudgeVerdictsTable {
  id: Generated<number>;
  run_id: number;
  judge_id: number;
  project_id: number;
  task_id: number;
  domain: string;
  assignment_id: number;
  annotation_id: number | null;
  status: 'ok' | 'failed' | 'to_humans';
  prompt_version: number;
  model: string;
  confidence: number | null;
  consistent: number | null;
  length_difference: number | null;
  self_preference: Generated<number>;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  error: string | null;
  created_at: number;
}

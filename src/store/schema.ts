/**
 * The database schema as Kysely sees it: one interface per table. Both dialects store the same
 * column types: ids are integers, times are integer milliseconds since the epoch (UTC), booleans
 * are 0/1 integers, and structured values (payloads, responses, configs) are JSON text.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { IntegrationTables } from './schemaIntegrations.js';
import type { LiveTables } from './schemaLive.js';
import type { ModelTables } from './schemaModels.js';
import type { RollupTables } from './schemaRollups.js';
import type { RubricTables } from './schemaRubrics.js';

/** JSON stored as text; parse on read with the domain's zod schema where trust matters. */
type Json = string;
type Ms = number;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'reviewer' | 'tutor';
  tier: 'generalist' | 'specialist' | 'model';
  /** JSON array of domain slugs. */
  domains: Json;
  pay_model: 'per_task' | 'hourly';
  /** Cents per task or per hour, by pay_model. */
  pay_rate: number;
  password_hash: string;
  disabled: ColumnType<number, number | undefined, number>;
  created_at: Ms;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the cookie. */
  token_hash: string;
  user_id: number;
  created_at: Ms;
  expires_at: Ms;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the bearer token; shown once at creation, never stored. */
  token_hash: string;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
}

export interface CertificationsTable {
  id: Generated<number>;
  user_id: number;
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  exam_id: string | null;
  score: number | null;
  granted_by: number | null;
  granted_at: Ms;
  revoked_at: Ms | null;
  revoked_reason: string | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  type: string;
  /** The whole validated ProjectConfig as JSON (domains, overlap, rubric, labels, eligibility…). */
  config: Json;
  /** Copied out of config because routing reads them on every `next`. */
  overlap: number;
  gold_rate: number;
  lease_seconds: number;
  status: 'active' | 'paused' | 'archived';
  created_by: number | null;
  created_at: Ms;
}

export interface TasksTable {
  id: Generated<number>;
  project_id: number;
  external_id: string;
  domain: string;
  /** The payload tutors see (JSON). */
  payload: Json;
  /** The known answer (JSON) for gold/honeypot tasks; never sent to tutors. */
  gold: Json | null;
  is_gold: ColumnType<number, number | undefined, number>;
  /** Hash of the canonical import line, so a re-import with the same id can tell same from changed. */
  content_hash: string;
  priority: ColumnType<number, number | undefined, number>;
  /** Routing counters, kept in step with assignments inside the routing transaction. */
  submitted_count: ColumnType<number, number | undefined, number>;
  active_leases: ColumnType<number, number | undefined, number>;
  /** 1 while the task can take another lease (gold always; others while submitted + leases < overlap). */
  is_open: ColumnType<number, number | undefined, number>;
  /** Adaptive overlap: judgments this task needs now (NULL = the project's overlap). */
  target_judgments: ColumnType<number | null, number | null | undefined, number | null>;
  /** 1 while the task's consensus is below the project's target confidence (routing: reliable tutors first). */
  uncertain: ColumnType<number, number | undefined, number>;
  /** Cascade projects: the tier at this regular task's level (routing serves it only to that tier); NULL otherwise. */
  cascade_tier: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 once a manager removed the task from the exports (migration 019); its judgments stay. */
  export_excluded: ColumnType<number, number | undefined, number>;
  created_at: Ms;
}

export interface AssignmentsTable {
  id: Generated<number>;
  task_id: number;
  project_id: number;
  user_id: number;
  state: 'leased' | 'submitted' | 'expired' | 'skipped';
  leased_at: Ms;
  expires_at: Ms;
  finished_at: Ms | null;
}

export interface AnnotationsTable {
  id: Generated<number>;
  assignment_id: number;
  task_id: number;
  project_id: number;
  user_id: number;
  /** The tutor's response (JSON), validated against the task type's schema. */
  response: Json;
  duration_ms: number;
  created_at: Ms;
  /** Corrections are new rows pointing at the row they correct; rows are never updated. */
  supersedes_id: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: Json;
  at: Ms;
}

/** A certification exam for one domain; editing it bumps `version` (attempts record the version taken). */
export interface ExamsTable {
  id: Generated<number>;
  domain: string;
  name: string;
  question_count: number;
  /** Share of questions to get right to pass, 0..1. */
  pass_mark: number;
  /** Hours a tutor waits after a failed attempt before retaking. */
  cooldown_hours: number;
  version: ColumnType<number, number | undefined, number>;
  active: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Ms;
}

export interface ExamAttemptsTable {
  id: Generated<number>;
  exam_id: number;
  exam_version: number;
  user_id: number;
  /** JSON array of the gold task ids drawn for this attempt, in the order shown. */
  task_ids: Json;
  /** JSON array of the responses, aligned with task_ids; NULL until submitted. */
  answers: Json | null;
  score: number | null;
  passed: number | null;
  certification_id: number | null;
  started_at: Ms;
  submitted_at: Ms | null;
}

/** Practice on gold from practice-purpose projects: never production work, never production gold. */
export interface PracticeAnswersTable {
  id: Generated<number>;
  user_id: number;
  task_id: number;
  domain: string;
  response: Json;
  correct: number;
  created_at: Ms;
}

/** One row per production gold judgment: the input of live gold accuracy and suspension. */
export interface GoldResultsTable {
  id: Generated<number>;
  user_id: number;
  project_id: number;
  task_id: number;
  annotation_id: number;
  domain: string;
  correct: number;
  created_at: Ms;
}

/** Per tutor × domain reliability: gold counts (incremental) and the inference model's estimate (batch). */
export interface TutorReliabilityTable {
  user_id: number;
  domain: string;
  gold_total: ColumnType<number, number | undefined, number>;
  gold_correct: ColumnType<number, number | undefined, number>;
  model_accuracy: number | null;
  model_labels: ColumnType<number, number | undefined, number>;
  /** The blended estimate routing reads, 0..1. */
  reliability: number;
  updated_at: Ms;
}

/** The current consensus of a task: from the quality engine (`source` 'model') or a reviewer ('review'). */
export interface TaskConsensusTable {
  task_id: number;
  project_id: number;
  method: string;
  method_version: string;
  /** JSON of the consensus answer in the task type's response shape (e.g. {"choice":"a"}). */
  label: Json;
  confidence: number;
  /** Share of the task's current judgments giving its most common answer (migration 025); null before its first write since. */
  agreement: number | null;
  annotator_count: number;
  source: 'model' | 'review';
  review_id: number | null;
  computed_at: Ms;
}

export interface ReviewsTable {
  id: Generated<number>;
  project_id: number;
  task_id: number;
  domain: string;
  /** The annotation under review when a tutor flagged it; NULL for task-level reviews. */
  annotation_id: number | null;
  reason: 'low_confidence' | 'disagreement' | 'flagged';
  note: string | null;
  flagged_by: number | null;
  state: 'open' | 'decided';
  reviewer_id: number | null;
  /** JSON of the reviewer's answer in the task type's response shape. */
  verdict: Json | null;
  comment: string | null;
  /** The reviewer's time on the verdict, ms (as the reviewer's client reported it); NULL when not sent. */
  duration_ms: number | null;
  created_at: Ms;
  decided_at: Ms | null;
}

/** Messages to a user: suspension reasons, review feedback, exam results. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  message: string;
  detail: Json;
  created_at: Ms;
  read_at: Ms | null;
}

/** Per-database values such as the secret behind pseudonymous tutor ids. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** An import in progress (migration 006): staged rows wait in import_rows until published into tasks. */
export interface ImportsTable {
  id: Generated<number>;
  project_id: number;
  actor_id: number | null;
  file: string;
  format: string;
  state: 'staging' | 'publishing';
  owner: string;
  imported: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  left_out: ColumnType<number, number | undefined, number>;
  created_at: number;
  heartbeat_at: number;
}

export interface ImportRowsTable {
  id: Generated<number>;
  import_id: number;
  external_id: string;
  domain: string;
  payload: string;
  gold: string | null;
  is_gold: number;
  content_hash: string;
  priority: number;
}

/** The stored answer to a write sent with an Idempotency-Key (migration 007). */
export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  /** sha256 of method, route and body: a reused key with another request is refused. */
  request_hash: string;
  status: number;
  body: string;
  created_at: number;
}

/** Writes counted per kind of cached data, by triggers (SQLite only; see cacheGenerations.ts). */
export interface CacheGenerationsTable {
  name: string;
  generation: number;
}

/** Fixed-window counters shared by all server processes (repositories/rateLimits.ts). */
export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: number;
}

export interface Database extends ModelTables, IntegrationTables, RubricTables, LiveTables, RollupTables {
  cache_generations: CacheGenerationsTable;
  rate_limits: RateLimitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  certifications: CertificationsTable;
  projects: ProjectsTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  annotations: AnnotationsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  exams: ExamsTable;
  exam_attempts: ExamAttemptsTable;
  practice_answers: PracticeAnswersTable;
  gold_results: GoldResultsTable;
  tutor_reliability: TutorReliabilityTable;
  task_consensus: TaskConsensusTable;
  reviews: ReviewsTable;
  notifications: NotificationsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<TasksTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;
export type AnnotationRow = Selectable<AnnotationsTable>;
export type CertificationRow = Selectable<CertificationsTable>;

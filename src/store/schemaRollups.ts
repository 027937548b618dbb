/**
 * The rollup tables, part of `Database` in schema.ts: sums kept in step with the rows they sum by
 * triggers in the same transaction as every write, so a dashboard reads a few rows instead of a
 * project's every judgment or consensus. Each has a from-scratch reference its tests compare against.
 */
/** Judgments per project × tutor × UTC day, kept by a trigger on `annotations` (migration 010). */
export interface JudgmentDaysTable {
  project_id: number;
  user_id: number;
  day: number;
  judgments: number;
}

/** Judgments per project × tutor × duration bucket (`durationBuckets.ts`), kept by the same trigger. */
export interface JudgmentDurationsTable {
  project_id: number;
  user_id: number;
  bucket: number;
  judgments: number;
}

/** Migration 040: the consensus summary per project × domain × method × version × shard (consensusRollupSql.ts). */
export interface ConsensusRollupsTable {
  project_id: number;
  domain: string;
  method: string;
  method_version: string;
  shard: number;
  tasks: number;
  confidence_sum: number;
  /** Tasks whose consensus confidence is below CONSENSUS_LOW_CONFIDENCE. */
  below: number;
  by_review: number;
}

/** Migration 041: tasks per project × state key × shard, for progress (taskStateRollupSql.ts). */
export interface TaskStateRollupsTable {
  project_id: number;
  is_gold: number;
  /** export_excluded of a production task; 0 for gold. */
  excluded: number;
  /** The task's own target_judgments, -1 for none (the project's overlap) and for gold. */
  target: number;
  /** submitted_count; 0 for gold. */
  submitted: number;
  /** 1 when a production task has a lease out. */
  active: number;
  shard: number;
  tasks: number;
}

/** The Cost page's sums per project × tutor × domain × kind, kept by triggers (migration 030, economicsRollupSql.ts). */
export interface EconomicsRollupsTable {
  project_id: number;
  user_id: number;
  domain: string;
  kind: number;
  judgments: number;
  duration_ms: number;
  cost_cents: number;
  model_judgments: number;
  model_cost_usd: number;
  /** The pay terms the cost was priced with, or 'mixed' / -1 when rows were priced under different ones. */
  priced_model: string;
  priced_rate: number;
  /** The target confidence the "reached" kinds were judged against, or -1 when mixed. */
  reached_target: number;
}

export interface RollupTables {
  judgment_days: JudgmentDaysTable;
  judgment_durations: JudgmentDurationsTable;
  economics_rollups: EconomicsRollupsTable;
  consensus_rollups: ConsensusRollupsTable;
  task_state_rollups: TaskStateRollupsTable;
}

/** The rubric versions table (migration 018), part of `Database` in schema.ts. */
import type { Generated } from 'kysely';

export type RubricVersionStatus = 'pending' | 'approved' | 'sent_back';

export interface RubricVersionsTable {
  id: Generated<number>;
  project_id: number;
  item: string;
  version: number;
  domain: string;
  task_id: number;
  annotation_id: number;
  /** JSON: the numbered criteria (domain/rubric.ts Criterion[]). */
  criteria: string;
  author_id: number;
  author_tier: string;
  status: RubricVersionStatus;
  reviewer_id: number | null;
  review_comment: string | null;
  reviewed_at: number | null;
  created_at: number;
}

export interface RubricTables {
  rubric_versions: RubricVersionsTable;
}

/**
 * Versioned migrations, applied in name order by Kysely's Migrator on every start.
 * Add a new file `NNN_what.ts` and list it here; never edit one that has shipped.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect.js';
import * as m001 from './001_initial.js';
import * as m002 from './002_routing.js';
import * as m003 from './003_supersedes_index.js';
import * as m004 from './004_quality_loop.js';
import * as m005 from './005_review_duration.js';
import * as m006 from './006_import_staging.js';
import * as m007 from './007_idempotency_keys.js';
import * as m008 from './008_models.js';
import * as m011 from './011_routing_functions.js';
import * as m009 from './009_org_fit.js';
import * as m010 from './010_judgment_rollups.js';
import * as m012 from './012_audit_filters.js';
import * as m016 from './016_cascade.js';
import * as m018 from './018_rubric_versions.js';
import * as m020 from './020_one_event_per_decision.js';
import * as m029 from './029_webhook_completion_events.js';
import * as m015 from './015_judges.js';
import * as m019 from './019_task_console.js';
import * as m023 from './023_judge_flags_and_resume.js';
import * as m022 from './022_live_sessions.js';
import * as m025 from './025_task_agreement.js';
import * as m028 from './028_model_leases.js';
import * as m031 from './031_hot_task_counters.js';
import * as m032 from './032_webhook_wakeup.js';
import * as m035 from './035_task_search_index.js';
import * as m036 from './036_consensus_update_delta.js';
import * as m037 from './037_production_task_counts.js';
import * as m038 from './038_batch_rollup_slices.js';
import * as m039 from './039_consensus_insert_move.js';
import * as m040 from './040_consensus_rollups.js';
import * as m041 from './041_task_state_rollups.js';
import * as m042 from './042_review_consensus_index.js';
import * as m043 from './043_task_ids_in_code_point_order.js';
import * as m044 from './044_routing_trigger_fast_paths.js';
import * as m045 from './045_routing_groups.js';
import * as m046 from './046_consensus_moves_grouped_once.js';
import * as m047 from './047_economics_json_parsed_once.js';
import * as m048 from './048_confidence_band_index.js';
import * as m049 from './049_postgres_plain_confidence_index.js';
import * as m030 from './030_economics_rollups.js';

type MigrationModule = { up: (d: Dialect) => (db: Kysely<unknown>) => Promise<void> };

const MIGRATIONS: Record<string, MigrationModule> = {
  '001_initial': m001,
  '002_routing': m002,
  '003_supersedes_index': m003,
  '004_quality_loop': m004,
  '005_review_duration': m005,
  '006_import_staging': m006,
  '007_idempotency_keys': m007,
  '008_models': m008,
  '011_routing_functions': m011,
  '009_org_fit': m009,
  '010_judgment_rollups': m010,
  '012_audit_filters': m012,
  '016_cascade': m016,
  '018_rubric_versions': m018,
  '020_one_event_per_decision': m020,
  '015_judges': m015,
  '019_task_console': m019,
  '023_judge_flags_and_resume': m023,
  '029_webhook_completion_events': m029,
  '022_live_sessions': m022,
  '025_task_agreement': m025,
  '028_model_leases': m028,
  '031_hot_task_counters': m031,
  '032_webhook_wakeup': m032,
  '035_task_search_index': m035,
  '030_economics_rollups': m030,
  '036_consensus_update_delta': m036,
  '037_production_task_counts': m037,
  '038_batch_rollup_slices': m038,
  '039_consensus_insert_move': m039,
  '040_consensus_rollups': m040,
  '041_task_state_rollups': m041,
  '042_review_consensus_index': m042,
  '043_task_ids_in_code_point_order': m043,
  '044_routing_trigger_fast_paths': m044,
  '045_routing_groups': m045,
  '046_consensus_moves_grouped_once': m046,
  '047_economics_json_parsed_once': m047,
  '048_confidence_band_index': m048,
  '049_postgres_plain_confidence_index': m049,
};

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: m.up(dialect) }]));
    },
  };
}

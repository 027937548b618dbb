/**
 * Big projects (issue 14): the Cost page reads `economics_rollups` (project × tutor × domain × kind:
 * judgments, time, cost, judge cost), not every judgment. Kinds and pricing: `economicsRollupSql.ts`.
 * Kept in step by triggers, so every statement that writes what a figure depends on moves the rollup
 * in its own transaction (a crash leaves both or neither), whichever path wrote it:
 * - `annotations` insert: the new judgment is added under its task's stored consensus; the judgment a
 *   correction supersedes is taken out;
 * - `task_consensus` insert / update / delete (the batch, live consensus, a reviewer's verdict): the
 *   task's current judgments are taken out under the old consensus and added under the new one (a delta;
 *   an update that changes neither label, confidence nor source moves nothing);
 * - `judge_verdicts` insert: the judgment moves from pay terms to its model calls' cost;
 * - a tutor's new pay terms re-price that tutor's rows, a project's new per-task rate or target
 *   confidence that project's rows (delete and roll up again: bounded by the tutor's judgments; a
 *   project's takes one pass over it, in the admin's update, which is rare).
 * SQLite: row triggers. PostgreSQL: statement triggers over transition tables (a bulk insert or the
 * consensus batch's one upsert moves the rollup in a few grouped statements), the verdict per row.
 * Existing rows are rolled up once here.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import {
  applyContribution,
  projectTermsSelect,
  rebuildStatement,
  repriceStatements,
  TASK_CONSENSUS_JOIN,
  VERDICT_JOIN,
  type Contribution,
  type ContributionSource,
} from '../economicsRollupSql.js';

const run = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

function consensusRow(prefix: string | null): string {
  if (prefix === null) return 'NULL AS label, CAST(NULL AS double precision) AS confidence, NULL AS source';
  return `${prefix}.label AS label, ${prefix}.confidence AS confidence, ${prefix}.source AS source`;
}

const consensusJoin = TASK_CONSENSUS_JOIN;

/**
 * SQLite's row triggers on `task_consensus`: the task's current judgments out under the old consensus,
 * in under the new. `unless`: a condition under which they stand aside (038: while the consensus batch
 * moves the rollups itself, grouped by slice).
 */
export function sqliteConsensusTriggers(unless: string | null): string[] {
  const d = 'sqlite';
  const ofTask = (row: 'NEW' | 'OLD', c: string | null): ContributionSource => ({
    annotations: 'annotations n',
    consensus: `JOIN (SELECT ${consensusRow(c)}) c ON 1 = 1`,
    verdict: VERDICT_JOIN,
    where: `n.project_id = ${row}.project_id AND n.task_id = ${row}.task_id`,
    currentOnly: true,
  });
  const changed = 'OLD.label IS NOT NEW.label OR OLD.confidence IS NOT NEW.confidence OR OLD.source IS NOT NEW.source';
  const when = (condition: string | null) => {
    const all = [condition && `(${condition})`, unless && `NOT (${unless})`].filter(Boolean);
    return all.length > 0 ? ` WHEN ${all.join(' AND ')}` : '';
  };
  return [
    `CREATE TRIGGER economics_rollup_consensus_insert AFTER INSERT ON task_consensus FOR EACH ROW${when(null)} BEGIN
      ${applyContribution(d, [ofTask('NEW', null), -1], [ofTask('NEW', 'NEW'), 1])};
    END`,
    `CREATE TRIGGER economics_rollup_consensus_update AFTER UPDATE ON task_consensus FOR EACH ROW${when(changed)} BEGIN
      ${applyContribution(d, [ofTask('OLD', 'OLD'), -1], [ofTask('NEW', 'NEW'), 1])};
    END`,
    `CREATE TRIGGER economics_rollup_consensus_delete AFTER DELETE ON task_consensus FOR EACH ROW${when(null)} BEGIN
      ${applyContribution(d, [ofTask('OLD', 'OLD'), -1], [ofTask('OLD', null), 1])};
    END`,
  ];
}

function sqliteTriggers(): string[] {
  const d = 'sqlite';
  const verdictOf = (verdict: string): ContributionSource => ({
    annotations: 'annotations n',
    consensus: consensusJoin,
    verdict,
    where: 'n.id = NEW.annotation_id',
    currentOnly: true,
  });
  const superseded: ContributionSource = {
    annotations: 'annotations n',
    consensus: consensusJoin,
    verdict: VERDICT_JOIN,
    where: 'n.id = NEW.supersedes_id AND NOT EXISTS (SELECT 1 FROM annotations s2 WHERE s2.supersedes_id = n.id AND s2.id <> NEW.id)',
    currentOnly: false,
  };
  return [
    `CREATE TRIGGER economics_rollup_annotations AFTER INSERT ON annotations FOR EACH ROW BEGIN
      ${applyContribution(d, [{ annotations: 'annotations n', consensus: consensusJoin, verdict: VERDICT_JOIN, where: 'n.id = NEW.id', currentOnly: false }, 1], [superseded, -1])};
    END`,
    ...sqliteConsensusTriggers(null),
    `CREATE TRIGGER economics_rollup_verdicts AFTER INSERT ON judge_verdicts FOR EACH ROW
      WHEN NEW.annotation_id IS NOT NULL AND NEW.cost_usd IS NOT NULL BEGIN
      ${applyContribution(d, [verdictOf('LEFT JOIN judge_verdicts v ON v.annotation_id = n.id AND v.id <> NEW.id'), -1], [verdictOf(VERDICT_JOIN), 1])};
    END`,
    `CREATE TRIGGER economics_rollup_user_terms AFTER UPDATE OF pay_model, pay_rate ON users FOR EACH ROW
      WHEN OLD.pay_model IS NOT NEW.pay_model OR OLD.pay_rate IS NOT NEW.pay_rate BEGIN
      ${repriceStatements(d, 'user', 'NEW.id').join(';\n')};
    END`,
    `CREATE TRIGGER economics_projects_insert AFTER INSERT ON projects FOR EACH ROW BEGIN
      INSERT INTO economics_projects (project_id, type, pay_per_task, target) ${projectTermsSelect(d, 'p.id = NEW.id')};
    END`,
    `CREATE TRIGGER economics_projects_update AFTER UPDATE OF type, config ON projects FOR EACH ROW BEGIN
      UPDATE economics_projects SET (type, pay_per_task, target) = (SELECT type, pay_per_task, target FROM (${projectTermsSelect(d, 'p.id = NEW.id')}) x)
        WHERE project_id = NEW.id;
    END`,
    `CREATE TRIGGER economics_rollup_project_terms AFTER UPDATE ON economics_projects FOR EACH ROW
      WHEN OLD.pay_per_task IS NOT NEW.pay_per_task OR OLD.target IS NOT NEW.target OR OLD.type IS NOT NEW.type BEGIN
      ${repriceStatements(d, 'project', 'NEW.project_id').join(';\n')};
    END`,
  ];
}

/** A plpgsql trigger function running these statements (036 re-creates one with OR REPLACE). */
export const postgresTriggerFunction = (name: string, body: string[], orReplace = false) =>
  `CREATE ${orReplace ? 'OR REPLACE ' : ''}FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${body.map((s) => `${s};`).join('\n')}
      RETURN NULL; END $$`;

/**
 * PostgreSQL: the tasks' current judgments joined to consensus rows `rows` (task_id, project_id, label,
 * confidence, source), each row's label parsed once, not once per judgment of its task (047).
 */
export const postgresWithConsensus = (rows: string): ContributionSource => ({
  annotations: 'annotations n',
  consensus: `JOIN (SELECT r.*, (r.label)::jsonb AS label_json FROM (${rows}) r OFFSET 0) c ON c.task_id = n.task_id`,
  consensusJson: 'c.label_json',
  verdict: VERDICT_JOIN,
  where: 'n.project_id = c.project_id',
  currentOnly: true,
});

/** PostgreSQL: what a statement's inserted annotations (`inserted_rows`) move: the new ones in, the ones they supersede out. */
export const POSTGRES_INSERTED_ANNOTATIONS: Contribution[] = [
  [{ annotations: 'inserted_rows n', consensus: consensusJoin, verdict: VERDICT_JOIN, where: 'true', currentOnly: true }, 1],
  // A superseded judgment leaves the rollup when all its successors are new (it was current before).
  [
    {
      annotations: 'annotations n',
      consensus: consensusJoin,
      verdict: VERDICT_JOIN,
      where: `n.id IN (SELECT supersedes_id FROM inserted_rows WHERE supersedes_id IS NOT NULL)
              AND n.id NOT IN (SELECT id FROM inserted_rows)
              AND NOT EXISTS (SELECT 1 FROM annotations s2 WHERE s2.supersedes_id = n.id AND s2.id NOT IN (SELECT id FROM inserted_rows))`,
      currentOnly: false,
    },
    -1,
  ],
];

function postgresTriggers(): string[] {
  const d = 'postgres';
  const withConsensus = postgresWithConsensus;
  const none = (table: string) => `SELECT task_id, project_id, ${consensusRow(null)} FROM ${table}`;
  const distinct = '(o.label, o.confidence, o.source) IS DISTINCT FROM (w.label, w.confidence, w.source)';
  const fn = postgresTriggerFunction;
  const verdictOf = (verdict: string): ContributionSource => ({
    annotations: 'annotations n',
    consensus: consensusJoin,
    verdict,
    where: 'n.id = NEW.annotation_id',
    currentOnly: true,
  });
  return [
    fn('economics_rollup_annotations', [applyContribution(d, ...POSTGRES_INSERTED_ANNOTATIONS)]),
    `CREATE TRIGGER economics_rollup_annotations AFTER INSERT ON annotations REFERENCING NEW TABLE AS inserted_rows
      FOR EACH STATEMENT EXECUTE FUNCTION economics_rollup_annotations()`,
    fn('economics_rollup_consensus_insert', [
      applyContribution(
        d,
        [withConsensus(none('new_rows')), -1],
        [withConsensus('SELECT task_id, project_id, label, confidence, source FROM new_rows'), 1],
      ),
    ]),
    `CREATE TRIGGER economics_rollup_consensus_insert AFTER INSERT ON task_consensus REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION economics_rollup_consensus_insert()`,
    fn('economics_rollup_consensus_update', [
      applyContribution(
        d,
        [
          withConsensus(
            `SELECT o.task_id, o.project_id, ${consensusRow('o')} FROM old_rows o JOIN new_rows w ON w.task_id = o.task_id WHERE ${distinct}`,
          ),
          -1,
        ],
        [
          withConsensus(
            `SELECT w.task_id, w.project_id, ${consensusRow('w')} FROM new_rows w JOIN old_rows o ON o.task_id = w.task_id WHERE ${distinct}`,
          ),
          1,
        ],
      ),
    ]),
    `CREATE TRIGGER economics_rollup_consensus_update AFTER UPDATE ON task_consensus REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION economics_rollup_consensus_update()`,
    fn('economics_rollup_consensus_delete', [
      applyContribution(
        d,
        [withConsensus('SELECT task_id, project_id, label, confidence, source FROM old_rows'), -1],
        [withConsensus(none('old_rows')), 1],
      ),
    ]),
    `CREATE TRIGGER economics_rollup_consensus_delete AFTER DELETE ON task_consensus REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION economics_rollup_consensus_delete()`,
    fn('economics_rollup_verdicts', [
      'IF NEW.annotation_id IS NULL OR NEW.cost_usd IS NULL THEN RETURN NULL; END IF',
      applyContribution(
        d,
        [verdictOf('LEFT JOIN judge_verdicts v ON v.annotation_id = n.id AND v.id <> NEW.id'), -1],
        [verdictOf(VERDICT_JOIN), 1],
      ),
    ]),
    `CREATE TRIGGER economics_rollup_verdicts AFTER INSERT ON judge_verdicts FOR EACH ROW EXECUTE FUNCTION economics_rollup_verdicts()`,
    fn('economics_rollup_user_terms', repriceStatements(d, 'user', 'NEW.id')),
    `CREATE TRIGGER economics_rollup_user_terms AFTER UPDATE OF pay_model, pay_rate ON users FOR EACH ROW
      WHEN (OLD.pay_model IS DISTINCT FROM NEW.pay_model OR OLD.pay_rate IS DISTINCT FROM NEW.pay_rate)
      EXECUTE FUNCTION economics_rollup_user_terms()`,
    fn('economics_projects_insert', [
      `INSERT INTO economics_projects (project_id, type, pay_per_task, target) ${projectTermsSelect(d, 'p.id = NEW.id')}`,
    ]),
    `CREATE TRIGGER economics_projects_insert AFTER INSERT ON projects FOR EACH ROW EXECUTE FUNCTION economics_projects_insert()`,
    fn('economics_projects_update', [
      `UPDATE economics_projects e SET type = x.type, pay_per_task = x.pay_per_task, target = x.target
        FROM (${projectTermsSelect(d, 'p.id = NEW.id')}) x WHERE e.project_id = NEW.id`,
    ]),
    `CREATE TRIGGER economics_projects_update AFTER UPDATE OF type, config ON projects FOR EACH ROW EXECUTE FUNCTION economics_projects_update()`,
    fn('economics_rollup_project_terms', repriceStatements(d, 'project', 'NEW.project_id')),
    `CREATE TRIGGER economics_rollup_project_terms AFTER UPDATE ON economics_projects FOR EACH ROW
      WHEN (OLD.pay_per_task IS DISTINCT FROM NEW.pay_per_task OR OLD.target IS DISTINCT FROM NEW.target OR OLD.type IS DISTINCT FROM NEW.type)
      EXECUTE FUNCTION economics_rollup_project_terms()`,
  ];
}

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const real = dialect === 'postgres' ? 'double precision' : 'real';
    const big = dialect === 'postgres' ? 'bigint' : 'integer';
    await run(
      db,
      `CREATE TABLE economics_rollups (
        project_id integer NOT NULL, user_id integer NOT NULL, domain text NOT NULL, kind integer NOT NULL,
        judgments ${big} NOT NULL, duration_ms ${big} NOT NULL, cost_cents ${big} NOT NULL,
        model_judgments ${big} NOT NULL, model_cost_usd ${real} NOT NULL,
        priced_model text NOT NULL, priced_rate ${big} NOT NULL, reached_target ${real} NOT NULL,
        PRIMARY KEY (project_id, user_id, domain, kind))`,
    );
    await run(
      db,
      `CREATE TABLE economics_projects (project_id integer PRIMARY KEY, type text NOT NULL, pay_per_task ${big} NOT NULL, target ${real} NOT NULL)`,
    );
    await run(db, `INSERT INTO economics_projects (project_id, type, pay_per_task, target) ${projectTermsSelect(dialect, 'true')}`);
    await run(db, rebuildStatement(dialect, null));
    for (const statement of dialect === 'sqlite' ? sqliteTriggers() : postgresTriggers()) await run(db, statement);
  };
}

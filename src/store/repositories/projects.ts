/**
 * Projects: the only SQL about projects. The validated config is stored whole as JSON; overlap,
 * gold rate and lease length are copied into columns because routing reads them on every `next`.
 */
import type { ProjectConfig, ProjectStatus } from '../../domain/projects.js';
import type { ProjectRow } from '../schema.js';
import type { Db } from '../transaction.js';

/**
 * The overlap routing uses (the `overlap` column): under adaptive overlap a task starts with
 * `minJudgments` and each task's own `target_judgments` takes over once it has judgments.
 */
export function routingOverlap(config: ProjectConfig): number {
  return config.quality?.adaptiveOverlap?.minJudgments ?? config.overlap;
}

export interface ProjectRecord {
  id: number;
  config: ProjectConfig;
  /** The config exactly as stored: a cheap identity for caches keyed by configuration. */
  configJson: string;
  status: ProjectStatus;
  createdBy: number | null;
  createdAt: number;
}

/** Parsed configs by their JSON text: routing reads the project on every call, the text rarely changes. */
const parsedConfigs = new Map<string, ProjectConfig>();

function parseConfig(json: string): ProjectConfig {
  let config = parsedConfigs.get(json);
  if (!config) {
    // Frozen, since it is shared: a caller that tried to edit it would fail loudly, not poison the cache.
    config = deepFreeze(JSON.parse(json) as ProjectConfig);
    if (parsedConfigs.size >= 500) parsedConfigs.delete(parsedConfigs.keys().next().value!);
    parsedConfigs.set(json, config);
  }
  return config;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function toProjectRecord(r: ProjectRow): ProjectRecord {
  return {
    id: r.id,
    config: parseConfig(r.config),
    configJson: r.config,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function insertProject(db: Db, config: ProjectConfig, createdBy: number | null, at: number): Promise<ProjectRecord> {
  const row = await db
    .insertInto('projects')
    .values({
      name: config.name,
      type: config.type,
      config: JSON.stringify(config),
      overlap: routingOverlap(config),
      gold_rate: config.goldRate,
      lease_seconds: config.leaseSeconds,
      status: 'active',
      created_by: createdBy,
      created_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProjectRecord(row);
}

export async function saveProject(db: Db, id: number, config: ProjectConfig, status: ProjectStatus): Promise<ProjectRecord> {
  const row = await db
    .updateTable('projects')
    .set({
      name: config.name,
      config: JSON.stringify(config),
      overlap: routingOverlap(config),
      gold_rate: config.goldRate,
      lease_seconds: config.leaseSeconds,
      status,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProjectRecord(row);
}

export async function findProject(db: Db, id: number): Promise<ProjectRecord | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProjectRecord(row) : undefined;
}

export async function findProjectByName(db: Db, name: string): Promise<ProjectRecord | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toProjectRecord(row) : undefined;
}

export async function allProjects(db: Db): Promise<ProjectRecord[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('id').execute();
  return rows.map(toProjectRecord);
}

export async function projectNameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('projects').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

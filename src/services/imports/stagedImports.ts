/**
 * The last step of an import, and the one that writes: staged rows are published into `tasks`, or
 * discarded, without holding SQLite's one writer for long, and abandoned imports (their process
 * died) are finished or discarded by whoever finds them (`serve` on start and every minute, and
 * `tutorloop import`).
 *
 * How the writes are cut and paced (short slices on SQLite, one transaction on PostgreSQL) is the
 * store's business: `store/writerPacing.ts`.
 */
import { hostname } from 'node:os';
import {
  claimImport,
  deleteImportRecord,
  discardSlice,
  importRecord,
  listImports,
  markPublished,
  publishSlice,
  type ImportRecord,
} from '../../store/repositories/imports.js';
import type { Store } from '../../store/database.js';
import type { DirectImport } from '../../store/repositories/importDirect.js';
import { type Db, writeTransaction } from '../../store/transaction.js';
import { runInSlices } from '../../store/writerPacing.js';
import { recordAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { findProject } from '../../store/repositories/projects.js';
import { placeNewTasks } from '../cascade/cascade.js';

/** This process, as named in `imports.owner`: host, pid and start time (a container's pid 1 comes back with another start). */
const OWNER = `${hostname()}:${process.pid}:${Math.round(performance.timeOrigin)}`;
/** Imports this process is running now: any other row owned by this process was abandoned (e.g. a failed publish). */
const active = new Set<number>();

export const importOwner = (): string => OWNER;
export const markActive = (id: number): void => void active.add(id);
export const markDone = (id: number): void => void active.delete(id);

/**
 * Publish every staged row of an import (state `publishing`), record the audit event and drop the
 * import's record. Idempotent: a publish cut short is finished by running it again.
 */
export async function publishImport(ctx: ServiceContext, id: number, detail: Record<string, unknown> = {}): Promise<ImportRecord> {
  const { store } = ctx;
  const at = ctx.now();
  const record = await importRecord(store.db, id);
  if (!record) throw new Error(`import ${id} is gone`);
  await runInSlices(store, (db, rows) => publishSlice(db, id, record.projectId, at, rows).then((r) => r.moved));
  return writeTransaction(store, async (db) => {
    const done = await importRecord(db, id);
    return finishImport(db, { ...record, imported: done?.imported ?? record.imported }, at, detail);
  });
}

/**
 * PostgreSQL: the import's tasks are written in its still open transaction (store/repositories/importDirect.ts);
 * mark it published, finish it as publishImport does, and commit, all at once.
 */
export async function commitDirectImport(
  ctx: ServiceContext,
  direct: DirectImport,
  id: number,
  counts: { imported: number; skipped: number; leftOut: number },
): Promise<ImportRecord> {
  const at = ctx.now();
  return direct.commit(async (db) => {
    const record = await markPublished(db, id, OWNER, counts, at);
    if (!record) throw new Error(`import ${id} was given up as abandoned while it ran; nothing was imported`);
    return finishImport(db, record, at, {});
  });
}

/** Audit a published import, drop its record (which sends `import.finished`) and place its new tasks in a cascade. */
async function finishImport(db: Db, record: ImportRecord, at: number, detail: Record<string, unknown>): Promise<ImportRecord> {
  const { imported } = record;
  await recordAudit(db, {
    actorId: record.actorId,
    action: 'tasks.import',
    targetType: 'project',
    targetId: record.projectId,
    detail: { file: record.file, imported, skipped: record.skipped, leftOut: record.leftOut, format: record.format, ...detail },
    at,
  });
  await deleteImportRecord(db, record.id);
  // A cascade project: the new tasks join it at their start tier (until then routing serves them to no tier).
  const project = await findProject(db, record.projectId);
  if (project) await placeNewTasks(db, record.projectId, project.config);
  return record;
}

/** Delete an import's staged rows a slice at a time, then its record: nothing of it was ever visible. */
export async function discardImport(store: Store, id: number): Promise<void> {
  await runInSlices(store, (db, rows) => discardSlice(db, id, rows));
  await deleteImportRecord(store.db, id);
}

/** An import whose process is gone: dead on this host, an earlier life of this pid, not running here, or silent for `staleMs`. */
function abandoned(r: ImportRecord, now: number, staleMs: number): boolean {
  if (r.owner === OWNER) return !active.has(r.id);
  const [host, pid, start] = r.owner.split(':');
  const [myHost, myPid] = OWNER.split(':');
  if (host === myHost) {
    if (pid === myPid) return start !== OWNER.split(':')[2];
    try {
      process.kill(Number(pid), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
  }
  return now - r.heartbeatAt > staleMs;
}

export interface RecoveryOutcome {
  discarded: number;
  published: number;
}

/**
 * Find abandoned imports and settle them: one still staging is discarded (it was never validated in
 * full), one publishing is finished (it was). Several processes may run this at once: each import
 * is claimed by one.
 */
export async function recoverImports(ctx: ServiceContext, options: { staleMs?: number } = {}): Promise<RecoveryOutcome> {
  const staleMs = options.staleMs ?? 5 * 60_000;
  const out: RecoveryOutcome = { discarded: 0, published: 0 };
  for (const r of await listImports(ctx.store.db)) {
    if (!abandoned(r, ctx.now(), staleMs)) continue;
    if (!(await claimImport(ctx.store.db, r.id, r.owner, OWNER, ctx.now()))) continue;
    active.add(r.id);
    try {
      if (r.state === 'staging') {
        await discardImport(ctx.store, r.id);
        out.discarded++;
      } else {
        await publishImport(ctx, r.id, { recovered: true });
        out.published++;
      }
    } finally {
      active.delete(r.id);
    }
  }
  return out;
}

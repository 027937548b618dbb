/**
 * Change a project's name, status, instructions, overlap, gold rate, pay, eligibility, lease length or
 * quality policy. The type, domains and response rules are fixed once tasks exist, so they are not
 * patchable here. A change of the routing overlap (the overlap, or `minJudgments` under adaptive
 * overlap) or of the adaptive policy re-derives every task's open flag in the same transaction; a new
 * adaptive policy first decides each judged task's own target again (`redecideTargets`).
 * Audited as `project.update`.
 */
import { ProjectPatch } from '../../domain/api/projects.js';
import { ProjectInput } from '../../domain/projects.js';
import { validateInput } from '../../domain/validation.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { findProject, projectNameTaken, routingOverlap, saveProject } from '../../store/repositories/projects.js';
import { decideOverlap, type OverlapPolicy } from '../../quality/adaptive/index.js';
import { judgedTasksPage, rederiveOpenFlags, setTargets } from '../../store/repositories/routing.js';
import type { Db } from '../../store/transaction.js';
import { writeTransaction } from '../../store/transaction.js';
import { bumpCacheGeneration } from '../../store/cacheGenerations.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { projectView, type ProjectView } from './view.js';
import { refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { runsLive } from '../consensus/updateConsensusAfterSubmit.js';
import { placeNewTasks } from '../cascade/cascade.js';
import { leaveCascade } from '../../store/repositories/cascade.js';

export async function updateProject(ctx: ServiceContext, actor: Actor, projectId: number, patch: unknown): Promise<ProjectView> {
  const valid = validateInput(ProjectPatch, patch);
  const { status, cascade, ...changes } = valid;
  // A project that starts acting on consensus (adaptive targets below are decided from it) first
  // gets a batch, so every judged task has a stored consensus to decide from. One that already kept
  // it live has a current consensus per task.
  if (changes.quality && runsLive(changes.quality)) {
    const before = await findProject(ctx.store.db, projectId);
    if (before && !runsLive(before.config.quality)) await refreshConsensusIfStale(ctx, projectId);
  }
  const at = ctx.now();
  const view = await writeTransaction(ctx.store, async (db) => {
    const current = await findProject(db, projectId);
    if (!current) throw new NotFoundError(`project ${projectId}`);
    if (changes.name !== undefined && (await projectNameTaken(db, changes.name, projectId))) {
      throw new ConflictError(`a project named "${changes.name}" already exists`);
    }
    // Re-validate the merged config so cross-field rules still hold.
    const merged = ProjectInput.parse({
      ...current.config,
      ...changes,
      ...(cascade !== undefined ? { cascade: cascade ?? undefined } : {}),
    });
    const saved = await saveProject(db, projectId, merged, status ?? current.status);
    const before = current.config.quality?.adaptiveOverlap;
    const after = merged.quality?.adaptiveOverlap;
    const adaptiveChanged = JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
    if (adaptiveChanged && after) await redecideTargets(db, projectId, after);
    // A new, changed or removed cascade: every task leaves it, and (when there is one) starts again at its start tier.
    const cascadeChanged = JSON.stringify(current.config.cascade ?? null) !== JSON.stringify(merged.cascade ?? null);
    if (cascadeChanged) await leaveCascade(db, projectId);
    if (adaptiveChanged || cascadeChanged || routingOverlap(merged) !== routingOverlap(current.config)) {
      await rederiveOpenFlags(db, projectId, routingOverlap(merged), after !== undefined || merged.cascade !== undefined);
    }
    if (cascadeChanged) await placeNewTasks(db, projectId, merged);
    await recordAudit(db, {
      actorId: actor.id,
      action: 'project.update',
      targetType: 'project',
      targetId: projectId,
      detail: { ...valid },
      at,
    });
    return projectView(saved);
  });
  // After the commit: a request that read the old row meanwhile may have cached it in this process.
  bumpCacheGeneration(ctx.store, 'projects');
  return view;
}

/**
 * A new or changed adaptive policy: every judged task is decided again from its stored consensus
 * confidence (the incremental path keeps one per task), as if its last judgment had just arrived, so
 * tasks judged under the old rule neither close unconfident nor keep a target outside [min, max].
 */
async function redecideTargets(db: Db, projectId: number, policy: OverlapPolicy): Promise<void> {
  for (let after = 0; ; ) {
    const page = await judgedTasksPage(db, projectId, after, 2000);
    if (page.length === 0) return;
    const groups = new Map<string, number[]>();
    for (const t of page) {
      const d = decideOverlap(policy, t.submitted, t.confidence ?? 0);
      const key = `${d.needed}:${d.done ? 0 : 1}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(t.id);
    }
    for (const [key, ids] of groups) {
      const [needed, uncertain] = key.split(':').map(Number);
      await setTargets(db, ids, needed, uncertain === 1);
    }
    after = page[page.length - 1].id;
  }
}

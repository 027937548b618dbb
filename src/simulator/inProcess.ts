/**
 * The simulator's platform in process: a temporary SQLite store (WAL), the real services
 * (`createProject`, `importTasks`, `nextAssignment`, `submitAnnotation`, `skipAssignment`) and a
 * virtual clock — every service call sees `ctx.now()` = the simulation's time.
 *
 * Layering: the simulator is a front end (beside cli/ and server/); this module is its adapter to the
 * platform in process, kept behind the `SimPlatform` interface so the engine, the crowd and the
 * results stay free of SQL and HTTP.
 *
 * Setup writes to its own temp store directly in two places, both stated (store/repositories/simulation.ts):
 * - users are inserted as rows (no password: the hash is a non-verifiable marker), because
 *   hashing hundreds of passwords would dominate a run and simulated tutors never sign in; their
 *   certifications likewise (`source: granted`, by the simulation admin), without audit rows;
 * - the per-database secret behind gold mixing is set from the seed, so which `next` draws gold is
 *   the same on every run (the migration draws it at random).
 * Adaptive overlap is the platform's own: the project is created with `quality.adaptiveOverlap`, so
 * routing stops each item once its one-coin posterior (tutor reliabilities from the periodic batch of
 * the project's consensus method, blended with gold) reaches the target, between min and max judgments.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { createProject, importTasks, nextAssignment, skipAssignment, submitAnnotation } from '../services/index.js';
import { openStore, type Store } from '../store/database.js';
import { setDatabaseSecret } from '../store/repositories/settings.js';
import { grantSimulatedCertifications, insertSimulatedPeople } from '../store/repositories/simulation.js';
import { externalIdsOf } from '../store/repositories/tasks.js';
import type { World } from './crowd.js';
import { taskLine, type Offer, type SimPlatform, type SubmitOutcome } from './platform.js';
import { qualityPolicyOf, type Scenario } from './scenario.js';
import { IMMEDIATE_GOLD_RELEASE } from '../services/gold/goldRelease.js';

export interface InProcessOptions {
  /** Directory for the temp database (default: a fresh dir under the OS temp dir, removed on close). */
  dir?: string;
  /** Keep the database file after the run (for inspection). */
  keep?: boolean;
}

async function* lines(world: World): AsyncIterable<string> {
  for (const task of world.tasks) yield `${JSON.stringify(taskLine(task))}\n`;
}

export function inProcessPlatform(options: InProcessOptions = {}): SimPlatform {
  let store: Store | null = null;
  let dir = '';
  let clock = 0;
  let projectId = 0;
  let actors: Actor[] = [];
  let adminActor: Actor | null = null;
  /** Platform task id → world externalId (tutors never see `meta`, so the map is kept here). */
  const simIds = new Map<number, string>();
  // Simulated tutors cannot read anything, so their gold results count at once (goldRelease.ts): the floor
  // and trust act on each gold answer, as a server with `--gold-release 1/0/0` would. A real server's
  // batched release delays them; `simulate --url` measures that.
  const ctx = (): ServiceContext => ({ store: store!, now: () => clock, goldRelease: IMMEDIATE_GOLD_RELEASE });

  return {
    adaptiveNote:
      "adaptive overlap by the platform's routing (quality.adaptiveOverlap): after every judgment the item's one-coin posterior, with per-domain tutor reliabilities from the consensus method's periodic batch blended with gold, decides whether it needs another judgment (up to max)",
    nativeAdaptive: true,
    nativeCascade: true,

    async setup(scenario: Scenario, w: World, now: number) {
      clock = now;
      dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tutorloop-sim-'));
      store = await openStore(`sqlite:${join(dir, 'sim.db')}`);
      const db = store.db;
      await setDatabaseSecret(db, `simulation-seed-${scenario.seed}`);
      const admin = {
        email: 'admin@simulation.invalid',
        name: 'Simulation admin',
        role: 'admin',
        tier: 'generalist',
        domains: [],
        payModel: 'per_task',
        payRate: 0,
      } as const;
      const [adminId] = await insertSimulatedPeople(db, [admin], now);
      adminActor = { id: adminId, role: 'admin', tier: 'generalist', domains: [] };
      const tutorIds = await insertSimulatedPeople(
        db,
        w.tutors.map((t) => ({
          email: `${t.key}@simulation.invalid`,
          name: t.key,
          role: 'tutor',
          tier: t.tier,
          domains: t.domains,
          payModel: t.payModel,
          payRate: t.payRate,
        })),
        now,
      );
      actors = w.tutors.map((t, i) => ({ id: tutorIds[i], role: 'tutor', tier: t.tier, domains: [...t.domains] }));
      await grantSimulatedCertifications(
        db,
        w.tutors.flatMap((t, i) => t.certified.map((domain) => ({ userId: tutorIds[i], domain }))),
        adminId,
        now,
      );
      const first = scenario.tasks[0];
      const p = scenario.project;
      const project = await createProject(ctx(), adminActor, {
        name: scenario.name,
        type: first.type,
        domains: [...new Set(scenario.tasks.map((t) => t.domain))],
        overlap: p.adaptive ? p.adaptive.max : p.overlap,
        ...(qualityPolicyOf(p) ? { quality: qualityPolicyOf(p) } : {}),
        goldRate: p.goldRate,
        eligibility: { tiers: p.tiers, requireCertification: p.requireCertification },
        payPerTask: p.payPerTask,
        leaseSeconds: p.leaseSeconds,
        ...(p.cascade ? { cascade: p.cascade } : {}),
        ...(first.type === 'label' ? { labels: first.labels } : {}),
      });
      projectId = Number(project.id);
      await importTasks(ctx(), adminActor, projectId, lines(w), { fileName: 'simulation' });
      simIds.clear();
      for (const [id, externalId] of await externalIdsOf(db, projectId)) simIds.set(id, externalId);
    },

    async next(tutor: number, now: number): Promise<Offer | null> {
      clock = now;
      let got: Awaited<ReturnType<typeof nextAssignment>>;
      try {
        got = await nextAssignment(ctx(), actors[tutor], projectId);
      } catch (e) {
        // Routing refuses this tutor (below the reliability floor everywhere: 403) or no longer admits them (a suspended
        // certification: 404, as for a project that does not exist): no work for them.
        if (e instanceof ForbiddenError || e instanceof NotFoundError) return null;
        throw e;
      }
      if (!got) return null;
      const simId = simIds.get(got.task.id);
      if (simId === undefined) throw new Error(`routing offered task ${got.task.id}, which the simulation did not import`);
      return { assignmentId: got.assignment.id, taskId: got.task.id, simId, expiresAt: toMs(got.assignment.expiresAt) };
    },

    async submit(tutor: number, offer: Offer, response: unknown, durationMs: number, now: number): Promise<SubmitOutcome> {
      clock = now;
      try {
        await submitAnnotation(ctx(), actors[tutor], Number(offer.assignmentId), { response, durationMs });
        return 'ok';
      } catch (e) {
        if (e instanceof ConflictError) return 'conflict';
        throw e;
      }
    },

    async skip(tutor: number, offer: Offer, now: number) {
      clock = now;
      await skipAssignment(ctx(), actors[tutor], Number(offer.assignmentId));
    },

    async close() {
      await store?.close();
      store = null;
      if (!options.keep && !options.dir && dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lease expiry as ms, whether the service gives a number or an ISO string. */
function toMs(x: number | string | Date): number {
  if (typeof x === 'number') return x;
  if (x instanceof Date) return x.getTime();
  return Date.parse(x);
}

/**
 * Real-time driver for `tutorloop simulate --url`: the scenario's tutors work a running server
 * over HTTP, many at once, as a load generator that is also a simulation.
 *
 * Each of `concurrency` lanes takes the next ready tutor and runs a short working session with
 * them: `next` → think (the tutor's simulated judgment time divided by `speedup`, or no wait at
 * all) → submit the crowd model's answer → repeat, until the session's judgments are done (the
 * tutor goes to the back of the queue, so the whole workforce takes turns), the server answers
 * 204 (the tutor is idle until work may come back), or the run stops. The tutor model is the
 * virtual-time engine's (engine.ts): the same world, answers, durations, dropout, gold-drain rule
 * and probing; work that comes back (a 409 on an expired lease, an abandoned lease expiring on
 * the server's clock) wakes the idle tutors. Availability shifts are not simulated here.
 *
 * Stops: every regular task has its overlap; the budget is spent; the scenario's deadline (in
 * simulated hours, i.e. wall time × speedup) or `durationSeconds` (wall) has passed; the signal
 * is aborted (a tutor who is thinking gives the lease back, so nothing is left leased); or
 * everyone is idle. Work in flight always finishes. Then the run is reconciled with the server's
 * export (accounting.ts) and summarised like an in-process run, from the server's own record.
 */
import { setMaxListeners } from 'node:events';
import { createRng } from '../quality/random.js';
import { workCost } from '../economics/cost.js';
import { reconcile, type Accounting } from './accounting.js';
import { answer, buildWorld, judgmentMs, type World } from './crowd.js';
import { labelOf, type HttpPlatform } from './http.js';
import { HttpApiError } from './httpClient.js';
import type { LoadReport } from './load.js';
import { responseFor, type Offer } from './platform.js';
import { summarise, type SimulationResult } from './results.js';
import { costCheckpoints, judgmentsOnServer } from './serverRecord.js';
import type { Scenario } from './scenario.js';

export interface RealtimeOptions {
  seed?: number;
  /** Tutors working at once (default: every tutor, at most 100). */
  concurrency?: number;
  /** Simulated ms per wall ms while a tutor thinks (1000: a 60 s judgment takes 60 ms); null: no waiting. Default 1000. */
  speedup?: number | null;
  /** Stop handing out work after this many wall-clock seconds. */
  durationSeconds?: number;
  /** Judgments a tutor makes before handing the lane to the next tutor (default 20). */
  sessionJudgments?: number;
  /** Longest wall time to wait for a lease abandoned by a dropout to expire (default 60 s). */
  leaseWaitMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, expected: number) => void;
}

export interface HttpSimulationResult extends SimulationResult {
  mode: 'http';
  server: { url: string; projectId: number; projectName: string; runId: string };
  speedup: number | null;
  interrupted: boolean;
  load: LoadReport;
  accounting: Accounting;
}

type SessionEnd = 'again' | 'idle' | 'gone' | 'stop';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function runOverHttp(
  scenario: Scenario,
  platform: HttpPlatform,
  options: RealtimeOptions = {},
): Promise<HttpSimulationResult> {
  const seed = options.seed ?? scenario.seed;
  const world = buildWorld(scenario, seed);
  try {
    const s0 = performance.now();
    await platform.setup(scenario, world);
    return await drive(scenario, platform, world, seed, options, performance.now() - s0);
  } finally {
    await platform.close();
  }
}

async function drive(
  scenario: Scenario,
  platform: HttpPlatform,
  world: World,
  seed: number,
  options: RealtimeOptions,
  setupMs: number,
): Promise<HttpSimulationResult> {
  const tutors = world.tutors;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 100, tutors.length));
  const speedup = options.speedup === undefined ? 1000 : options.speedup;
  const sessionLength = options.sessionJudgments ?? 20;
  const byId = new Map(world.tasks.map((t, i) => [t.externalId, i]));
  const rngs = tutors.map((_t, i) => createRng((Math.imul(seed, 0x9e3779b1) + i) ^ 0x5bd1e995));
  const worked = new Float64Array(tutors.length),
    goldRun = new Int32Array(tutors.length);
  const p = scenario.project;
  const overlap = p.adaptive ? p.adaptive.max : p.overlap;
  const goldRunLimit = p.goldRate >= 1 ? Infinity : p.goldRate <= 0 ? 1 : Math.max(1, Math.ceil(Math.log(0.001) / Math.log(p.goldRate)));
  const regular = world.tasks.filter((t) => !t.isGold).length;
  const expected = Math.ceil((regular * overlap) / Math.max(0.05, 1 - p.goldRate));
  const perItem = new Int32Array(world.tasks.length);
  const budget = scenario.budgetCents ?? Infinity;
  let regularDone = 0,
    spent = 0,
    dropped = 0,
    conflicts = 0,
    unknownOutcome = 0,
    cycles = 0,
    abandonedNotAwaited = 0;
  const notAdmitted = new Map<number, string>();
  let consecutiveErrors = 0,
    fatal: Error | null = null,
    stoppedBy: SimulationResult['stoppedBy'] = 'no work',
    stopNote = '';

  // The roster: ready tutors in a seeded order, idle ones waiting for work to come back.
  const order = tutors.map((_t, i) => i);
  const shuffle = createRng(seed ^ 0x2545f491);
  for (let i = order.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const ready = [...order],
    idle = new Set<number>(),
    probing = new Set<number>(),
    timers = new Set<ReturnType<typeof setTimeout>>();
  let working = 0,
    waiters: (() => void)[] = [];
  const notify = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const changed = () => new Promise<void>((r) => waiters.push(r));
  const wake = () => {
    for (const t of [...idle].sort((a, b) => a - b)) {
      probing.add(t);
      ready.push(t);
    }
    idle.clear();
    notify();
  };

  const stopController = new AbortController();
  setMaxListeners(0, stopController.signal); // one listener per thinking tutor
  const onAbort = () => {
    stopController.abort();
    notify();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const t0 = Date.now();
  const wallDeadline = Math.min(
    options.durationSeconds !== undefined ? t0 + options.durationSeconds * 1000 : Infinity,
    scenario.deadlineHours !== undefined && speedup !== null ? t0 + (scenario.deadlineHours * 3_600_000) / speedup : Infinity,
  );
  const stopping = (): boolean => {
    if (stopController.signal.aborted || fatal || regularDone >= regular) return true;
    if (spent >= budget) {
      stoppedBy = 'budget';
      return true;
    }
    if (Date.now() >= wallDeadline) {
      stoppedBy = 'deadline';
      stopNote =
        options.durationSeconds !== undefined && t0 + options.durationSeconds * 1000 === wallDeadline
          ? `stopped after --duration ${options.durationSeconds} s (wall clock)`
          : 'stopped at the scenario deadline (simulated hours = wall time × speedup)';
      return true;
    }
    return false;
  };
  const failed = async (e: unknown) => {
    if (!(e instanceof HttpApiError)) {
      fatal = e as Error;
      return;
    }
    if (++consecutiveErrors >= 30) fatal = new Error(`the server failed ${consecutiveErrors} calls in a row; last: ${e.message}`);
    await sleep(Math.min(1000, 25 * 2 ** Math.min(consecutiveErrors, 6)));
  };
  const giveBack = (t: number, offer: Offer) => platform.skip(t, offer).catch(() => undefined);

  const session = async (t: number): Promise<SessionEnd> => {
    const tutor = tutors[t],
      rng = rngs[t];
    for (let n = 0; ; n++) {
      if (stopping()) return 'stop';
      if (n >= sessionLength) return 'again';
      let offer: Offer | null;
      try {
        offer = await platform.next(t);
      } catch (e) {
        // 403/404: routing does not admit this tutor (tier, certification): they never will be this run.
        if (e instanceof HttpApiError && (e.status === 403 || e.status === 404)) {
          notAdmitted.set(t, e.message);
          return 'gone';
        }
        await failed(e);
        return 'again';
      }
      consecutiveErrors = 0;
      if (!offer) return 'idle';
      const ti = byId.get(offer.simId)!,
        task = world.tasks[ti];
      if (probing.delete(t) && task.isGold) {
        await giveBack(t, offer);
        return 'idle';
      }
      const d = judgmentMs(rng, tutor);
      if (worked[t] + d > tutor.lifeMs) {
        // The tutor walks away mid-task: the lease is left to expire on the server's clock.
        dropped++;
        const wait = offer.expiresAt - Date.now() + 250;
        if (task.isGold) {
          /* gold is exempt from the overlap: nobody waits for it */
        } else if (wait > (options.leaseWaitMs ?? 60_000)) abandonedNotAwaited++;
        else {
          const h = setTimeout(
            () => {
              timers.delete(h);
              wake();
            },
            Math.max(0, wait),
          );
          timers.add(h);
        }
        return 'gone';
      }
      if (speedup !== null && !(await sleep(d / speedup, stopController.signal))) {
        await giveBack(t, offer);
        return 'stop';
      }
      const label = answer(rng, tutor, task);
      worked[t] += d;
      let outcome: number | 'conflict';
      try {
        outcome = await platform.submitForAck(t, offer, responseFor(task, label), d);
      } catch (e) {
        if (e instanceof HttpApiError && (e.status === 'network' || e.status >= 500)) unknownOutcome++;
        else await giveBack(t, offer);
        await failed(e);
        return 'again';
      }
      consecutiveErrors = 0;
      if (outcome === 'conflict') {
        conflicts++;
        wake();
      } else {
        cycles++;
        spent += workCost(
          { payModel: tutor.payModel, payRate: tutor.payRate },
          { kind: 'annotation', durationMs: d },
          { projectPayPerTask: p.payPerTask },
        );
        if (!task.isGold && ++perItem[ti] === overlap) regularDone++;
        options.onProgress?.(cycles, expected);
      }
      goldRun[t] = task.isGold ? goldRun[t] + 1 : 0;
      if (goldRun[t] >= goldRunLimit) {
        goldRun[t] = 0;
        return 'idle';
      }
    }
  };

  const lane = async () => {
    for (;;) {
      while (ready.length === 0 || stopping()) {
        if (stopping() || (working === 0 && timers.size === 0)) {
          notify();
          return;
        }
        await changed();
      }
      const t = ready.shift()!;
      working++;
      const end = await session(t);
      working--;
      if (end === 'again') ready.push(t);
      else if (end === 'idle') idle.add(t);
      else if (end === 'stop') ready.unshift(t);
      notify();
    }
  };

  platform.meter.phase = 'work';
  const w0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const wallMs = performance.now() - w0;
  for (const h of timers) clearTimeout(h);
  options.signal?.removeEventListener('abort', onAbort);
  platform.meter.phase = 'after';
  if (fatal) throw fatal;

  // The server's record: the export (non-gold) and per-tutor counts, reconciled with the acks.
  const exported = await platform.exportAnnotations();
  const { accounting, lineTutor, lineAck } = reconcile({
    acks: platform.acks,
    exported,
    overlap,
    unknownOutcome,
    conflicts,
    isGold: (id) => world.tasks[byId.get(id) ?? -1]?.isGold ?? false,
    sameResponse: (id, a, b) => {
      const c = world.tasks[byId.get(id)!].classes;
      return labelOf(a, c) === labelOf(b, c);
    },
    perTutorStats: await platform.perTutorStats(),
    userIds: platform.userIds,
  });

  // Judgments from the server's export (plus acknowledged gold, which is never exported).
  const judgments = judgmentsOnServer({
    world,
    byId,
    exported,
    lineTutor,
    lineAck,
    acks: platform.acks,
    startedAt: t0,
    scale: speedup ?? 1,
    projectPayPerTask: p.payPerTask,
  });
  const checkpoints = costCheckpoints(judgments, Math.max(1, Math.ceil(expected / scenario.checkpoints)));

  const interrupted = stopController.signal.aborted;
  const notes = [
    `run over HTTP against ${platform.client.base} (project ${platform.projectId}): ${concurrency} tutors at once, ` +
      (speedup === null
        ? 'no waiting between next and submit (times below are wall-clock)'
        : `think times scaled down ${speedup}× (time to finish = wall time × ${speedup})`) +
      "; shifts are not simulated, and the order of work depends on timing, so the seed fixes the world and each tutor's draws but not the history",
    "judgments and accuracy come from the server's annotations export (and the acknowledged gold answers, which are never exported)",
    ...(p.adaptive
      ? [
          'adaptive overlap is left to the server (project quality.adaptiveOverlap, overlap = max): the HTTP API has no call to stop an item',
        ]
      : []),
    ...(stopNote ? [stopNote] : []),
    ...(interrupted ? ['interrupted: tutors who were thinking gave their leases back'] : []),
    ...(notAdmitted.size > 0
      ? [`${notAdmitted.size} tutor(s) were refused work by the server (e.g. ${[...notAdmitted.values()][0]})`]
      : []),
    ...(abandonedNotAwaited > 0
      ? [`${abandonedNotAwaited} lease(s) abandoned by dropouts were not waited for (they expire on the server's clock later)`]
      : []),
    ...accounting.notes.map((n) => `accounting: ${n}`),
  ];
  const endTimeMs = judgments.length > 0 ? judgments[judgments.length - 1].at : 0;
  const summary = summarise({
    scenario,
    seed,
    world,
    judgments,
    checkpoints,
    stoppedBy,
    rejected: conflicts,
    dropped,
    closedItems: 0,
    endTimeMs,
    notes,
  });
  return {
    ...summary,
    mode: 'http',
    server: { url: platform.client.base, projectId: platform.projectId, projectName: platform.projectName, runId: platform.runId },
    speedup,
    interrupted,
    load: platform.meter.report({ concurrency, wallMs, cycles, setupMs }),
    accounting,
  };
}

/**
 * Event-driven simulation on virtual time. Simulated tutors go through the platform's real
 * routing (`next`) and submission (`submit`); the engine only decides when each tutor acts and
 * what they answer.
 *
 * Events, processed in (time, sequence) order so a seed gives one history:
 * - poll(tutor, t): a tutor on shift asks for work. None → the tutor waits until work may
 *   reappear (an abandoned lease expiring). Otherwise the tutor works for a log-normal duration
 *   and a submit event is scheduled; a tutor whose working life runs out mid-task walks away and
 *   the lease is left to expire (as in real life).
 * - submit(tutor, t): the answer (correct with the tutor's accuracy for the task's domain and
 *   difficulty) is submitted at virtual time t; its cost is priced with cost.ts. Then the tutor
 *   polls again at once, or at the start of their next shift.
 * - wake(t): an abandoned lease has expired; idle tutors poll again.
 * Stops: no new work is handed out once the budget is spent or the deadline has passed (work in
 * flight finishes and is paid, so the budget can be overshot by at most the tutors in flight);
 * the run ends when no event is left.
 *
 * Gold drain: routing serves gold when a tutor has no regular task left (gold is exempt from the
 * overlap), so a tutor whose regular work is gone would otherwise label every gold item in reach,
 * paid, for nothing. A tutor who is served gold n times in a row, with n the smallest run whose
 * chance under the gold rate is below 1/1000 (n = ⌈ln 0.001 / ln goldRate⌉), takes it as "no
 * real work left", finishes that item and stops asking until woken. A woken tutor probes: if
 * routing offers gold, they give it back unjudged (skip) and stay idle. And once every regular
 * item has its judgments (overlap reached, or closed by adaptive overlap), nobody asks any more.
 *
 * Adaptive overlap: when the scenario asks for it and routing does not do it itself, the
 * engine runs it in rounds: the project starts with overlap = adaptive.min, and whenever every
 * regular item has its round's judgments (or is closed) the overlap is raised by one, up to max
 * (so an item is not fanned out to max tutors at once before anyone has judged it). After each judgment on a non-gold
 * item with ≥ min judgments, computes the item's one-coin posterior (qualityAdjusted.ts) with each
 * tutor's reliability in the item's domain estimated from their gold answers there so far
 * (prior 0.7 worth 4 answers); at
 * the target it asks the platform to stop routing the item (`closeTask`).
 */
import { createRng } from '../quality/random.js';
import { UserInputError } from '../domain/errors.js';
import { workCost } from '../economics/cost.js';
import { SequentialPosterior } from '../economics/qualityAdjusted.js';
import { answer, buildWorld, judgmentMs, nextOnShift, type World } from './crowd.js';
import { responseFor, type Offer, type SimPlatform } from './platform.js';
import { RELIABILITY_PRIOR, summarise, type Checkpoint, type SimJudgment, type SimulationResult } from './results.js';
import type { Scenario } from './scenario.js';

interface Event {
  t: number;
  seq: number;
  kind: 'poll' | 'submit' | 'wake';
  tutor: number;
  /** A poll by a woken tutor: gold offered is given back. */
  probe?: boolean;
  offer?: Offer;
  durationMs?: number;
}

/** Binary min-heap on (t, seq). */
class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  get size(): number {
    return this.heap.length;
  }
  push(e: Omit<Event, 'seq'>): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap,
      top = h[0],
      last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Event, b: Event) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Called after each judgment with (judgments so far, expected total). */
  onProgress?: (done: number, expected: number) => void;
}

export async function runSimulation(scenario: Scenario, platform: SimPlatform, options: RunOptions = {}): Promise<SimulationResult> {
  const seed = options.seed ?? scenario.seed;
  const world: World = buildWorld(scenario, seed);
  try {
    await platform.setup(scenario, world, 0);
    return await simulate(scenario, platform, world, seed, options);
  } finally {
    await platform.close();
  }
}

async function simulate(
  scenario: Scenario,
  platform: SimPlatform,
  world: World,
  seed: number,
  options: RunOptions,
): Promise<SimulationResult> {
  const rng = createRng(seed ^ 0x5bd1e995);
  const adaptive = scenario.project.adaptive;
  const notes: string[] = [];
  // The platform's routing stops items itself (native), or the simulator does it through closeTask.
  const native = adaptive !== undefined && platform.nativeAdaptive === true;
  // A cascade is the platform's routing too: items move up after a judgment, so idle tutors look again,
  // and an item is done when the platform says so (no fixed overlap to count to).
  const cascade = scenario.project.cascade !== undefined;
  if (cascade && !platform.nativeCascade)
    throw new UserInputError('this platform cannot run a cascade: simulate it in process (without --url)', { field: 'project.cascade' });
  if (cascade) notes.push("cascade by the platform's routing (project.cascade): each tier is served only the items at its level");
  if (adaptive) {
    if (!native && (!platform.closeTask || !platform.setOverlap))
      throw new Error('this platform cannot stop items: adaptive overlap is not available');
    notes.push(platform.adaptiveNote ?? 'adaptive overlap: items are stopped by the simulator at the target posterior');
  }

  const byId = new Map(world.tasks.map((t) => [t.externalId, t]));
  const taskIndex = new Map(world.tasks.map((t, i) => [t.externalId, i]));
  const worked = new Float64Array(world.tutors.length);
  // Gold record per tutor × domain: a generalist can be reliable in chat and not in medicine.
  const domainIndex = new Map([...new Set(world.tasks.map((t) => t.domain))].map((d, i) => [d, i]));
  const D = domainIndex.size;
  const goldSeen = new Float64Array(world.tutors.length * D),
    goldRight = new Float64Array(world.tutors.length * D);
  const itemJudgments = new Map<string, { tutor: number; label: number }[]>();
  /** Closed items: world externalId → platform task id. */
  const closed = new Map<string, number | string>();
  const idle = new Set<number>();
  const judgments: SimJudgment[] = [];
  const checkpoints: Checkpoint[] = [];
  const queue = new EventQueue();
  const budget = scenario.budgetCents ?? Infinity;
  const deadline = scenario.deadlineHours !== undefined ? scenario.deadlineHours * 3_600_000 : Infinity;
  const overlap = adaptive ? adaptive.max : scenario.project.overlap;
  let round = adaptive && !native ? adaptive.min : overlap;
  const regular = world.tasks.filter((t) => !t.isGold).length;
  const expected = Math.ceil((regular * overlap) / Math.max(0.05, 1 - scenario.project.goldRate));
  const every = Math.max(1, Math.ceil(expected / scenario.checkpoints));
  const goldRate = scenario.project.goldRate;
  const goldRunLimit = goldRate >= 1 ? Infinity : goldRate <= 0 ? 1 : Math.max(1, Math.ceil(Math.log(0.001) / Math.log(goldRate)));
  const goldRun = new Int32Array(world.tutors.length);
  const perItem = new Int32Array(world.tasks.length);
  let regularDone = 0;
  let spent = 0,
    rejected = 0,
    dropped = 0,
    endTime = 0,
    stoppedBy: SimulationResult['stoppedBy'] = 'no work';

  const roundComplete = () => world.tasks.every((t, i) => t.isGold || perItem[i] >= round || closed.has(t.externalId));

  world.tutors.forEach((tutor, i) => queue.push({ t: nextOnShift(tutor, 0), kind: 'poll', tutor: i }));

  let lastT = 0;
  const raiseRound = async (t: number) => {
    round++;
    await platform.setOverlap!(round, [...closed.values()], t);
    queue.push({ t, kind: 'wake', tutor: -1 });
  };
  for (;;) {
    while (queue.size > 0) {
      const ev = queue.pop()!;
      lastT = ev.t;
      const tutor = world.tutors[ev.tutor];
      if (ev.kind === 'wake') {
        for (const i of [...idle].sort((a, b) => a - b)) queue.push({ t: ev.t, kind: 'poll', tutor: i, probe: true });
        idle.clear();
        continue;
      }
      if (ev.kind === 'poll') {
        if (!cascade && regularDone === regular) continue;
        if (spent >= budget) {
          stoppedBy = 'budget';
          continue;
        }
        if (ev.t >= deadline) {
          stoppedBy = 'deadline';
          continue;
        }
        const start = nextOnShift(tutor, ev.t);
        if (start > ev.t) {
          queue.push({ t: start, kind: 'poll', tutor: ev.tutor });
          continue;
        }
        const offer = await platform.next(ev.tutor, ev.t);
        if (!offer) {
          idle.add(ev.tutor);
          if (adaptive && round < overlap && roundComplete()) await raiseRound(ev.t);
          continue;
        }
        if (ev.probe && byId.get(offer.simId)?.isGold) {
          await platform.skip(ev.tutor, offer, ev.t);
          idle.add(ev.tutor);
          continue;
        }
        const d = judgmentMs(rng, tutor);
        if (worked[ev.tutor] + d > tutor.lifeMs) {
          dropped++;
          if (!byId.get(offer.simId)?.isGold) queue.push({ t: offer.expiresAt + 1, kind: 'wake', tutor: -1 });
          continue;
        }
        queue.push({ t: ev.t + d, kind: 'submit', tutor: ev.tutor, offer, durationMs: d });
        continue;
      }
      // submit
      const offer = ev.offer!,
        d = ev.durationMs!;
      const task = byId.get(offer.simId);
      if (!task) throw new Error(`platform offered an unknown task ${offer.simId}`);
      const label = answer(rng, tutor, task);
      worked[ev.tutor] += d;
      const outcome = await platform.submit(ev.tutor, offer, responseFor(task, label), d, ev.t);
      if (outcome === 'conflict') {
        // The lease ran out before the answer (a judgment longer than the lease): the task went back
        // to the pool, so idle tutors look again.
        rejected++;
        queue.push({ t: ev.t, kind: 'wake', tutor: -1 });
      } else {
        const cost = workCost(
          { payModel: tutor.payModel, payRate: tutor.payRate },
          { kind: 'annotation', durationMs: d },
          { projectPayPerTask: scenario.project.payPerTask },
        );
        spent += cost;
        endTime = Math.max(endTime, ev.t);
        const ti = taskIndex.get(task.externalId)!;
        judgments.push({ task: ti, tutor: ev.tutor, label, costCents: cost, durationMs: d, at: ev.t });
        if (!task.isGold && ++perItem[ti] === overlap && !closed.has(task.externalId)) regularDone++;
        const cell = ev.tutor * D + domainIndex.get(task.domain)!;
        if (task.isGold) {
          goldSeen[cell]++;
          if (label === task.truth) goldRight[cell]++;
        } else if (native || cascade) {
          // The judgment may have left the item uncertain, so it wants another: idle tutors look again.
          if (idle.size > 0) queue.push({ t: ev.t, kind: 'wake', tutor: -1 });
        } else if (adaptive && closed.has(task.externalId)) {
          // A lease taken before the item closed has ended: routing recomputed is_open, so close again.
          await platform.closeTask!(offer, ev.t);
        } else if (adaptive) {
          let list = itemJudgments.get(task.externalId);
          if (!list) itemJudgments.set(task.externalId, (list = []));
          list.push({ tutor: ev.tutor, label });
          if (list.length >= adaptive.min && list.length < adaptive.max) {
            const post = new SequentialPosterior(task.classes.length);
            const dom = domainIndex.get(task.domain)!;
            for (const j of list) {
              const c = j.tutor * D + dom;
              post.add(
                String(j.label),
                (goldRight[c] + RELIABILITY_PRIOR.mean * RELIABILITY_PRIOR.weight) / (goldSeen[c] + RELIABILITY_PRIOR.weight),
              );
            }
            const top = post.top();
            if (top.labels.length === 1 && top.confidence >= adaptive.targetConfidence) {
              closed.set(task.externalId, offer.taskId);
              regularDone++;
              await platform.closeTask!(offer, ev.t);
            }
          }
        }
        if (judgments.length % every === 0) checkpoints.push({ judgments: judgments.length, costCents: spent, hours: ev.t / 3_600_000 });
        options.onProgress?.(judgments.length, expected);
      }
      if (task.isGold) goldRun[ev.tutor]++;
      else goldRun[ev.tutor] = 0;
      if (goldRun[ev.tutor] >= goldRunLimit) {
        goldRun[ev.tutor] = 0;
        idle.add(ev.tutor);
        continue;
      }
      queue.push({ t: ev.t, kind: 'poll', tutor: ev.tutor });
    }
    // Everyone is idle: with adaptive rounds left and work unfinished, open the next round.
    if (adaptive && round < overlap && regularDone < regular && spent < budget && lastT < deadline) await raiseRound(lastT);
    else break;
  }
  if (checkpoints.at(-1)?.judgments !== judgments.length)
    checkpoints.push({ judgments: judgments.length, costCents: spent, hours: endTime / 3_600_000 });
  return summarise({
    scenario,
    seed,
    world,
    judgments,
    checkpoints,
    stoppedBy,
    rejected,
    dropped,
    closedItems: native ? world.tasks.filter((t, i) => !t.isGold && perItem[i] > 0 && perItem[i] < overlap).length : closed.size,
    endTimeMs: endTime,
    notes,
  });
}

/**
 * The simulated world, drawn once from a scenario and its seed: tasks with a hidden true answer
 * (and a difficulty), and tutors with hidden per-domain accuracies, a speed factor, a shift and a
 * working life. Models are stated in scenario.ts; this file only draws from them, in a fixed order
 * (tasks in mix order, then tutors in group order), so the same seed gives the same world.
 *
 * Pure: no store, no clock. engine.ts turns this world into rows and runs it.
 */
import { createRng, type Rng } from '../quality/random.js';
import { beta, betaFromMoments, logNormal } from './distributions.js';
import type { AccuracySpec, Scenario, TaskMixEntry, WorkforceGroup } from './scenario.js';

export interface SimTask {
  externalId: string;
  type: 'preference' | 'label';
  domain: string;
  /** The classes a tutor chooses from (`a`/`b` for preference). */
  classes: readonly string[];
  /** Index into classes of the hidden truth. */
  truth: number;
  difficulty: number;
  isGold: boolean;
}

export interface SimTutor {
  key: string;
  group: string;
  tier: WorkforceGroup['tier'];
  payModel: WorkforceGroup['pay']['model'];
  payRate: number;
  /** Hidden accuracy per domain at difficulty 0. */
  accuracy: Record<string, number>;
  /** Multiplies the group's median seconds. */
  speedFactor: number;
  speedMedianMs: number;
  speedSigma: number;
  /** Shift start within each day (ms from midnight) and length (ms). */
  shiftStartMs: number;
  shiftLengthMs: number;
  /** Hours of work before this tutor quits (Infinity: never). */
  lifeMs: number;
  certified: readonly string[];
  domains: readonly string[];
  /** Share of preference judgments decided by position alone (scenario.ts). */
  positionBias: number;
}

export interface World {
  tasks: SimTask[];
  tutors: SimTutor[];
}

export const DAY_MS = 86_400_000;

function drawAccuracy(rng: Rng, spec: AccuracySpec): number {
  const { a, b } = 'a' in spec ? spec : betaFromMoments(spec.mean, spec.sd);
  return beta(rng, a, b);
}

function drawDifficulty(rng: Rng, d: TaskMixEntry['difficulty']): number {
  if (typeof d === 'number') return d;
  const { a, b } = betaFromMoments(d.mean, d.sd);
  return beta(rng, a, b);
}

export function classesOf(entry: TaskMixEntry): string[] {
  return entry.type === 'preference' ? ['a', 'b'] : [...entry.labels!];
}

export function buildWorld(scenario: Scenario, seed: number = scenario.seed): World {
  const rng = createRng(seed);
  const tasks: SimTask[] = [];
  scenario.tasks.forEach((entry, m) => {
    const classes = classesOf(entry);
    const total = entry.count + entry.goldItems;
    for (let i = 0; i < total; i++) {
      const isGold = i >= entry.count;
      tasks.push({
        externalId: `${entry.domain}-${m}-${isGold ? 'g' : 't'}${i}`,
        type: entry.type,
        domain: entry.domain,
        classes,
        truth: rng.int(classes.length),
        difficulty: drawDifficulty(rng, entry.difficulty),
        isGold,
      });
    }
  });
  const domains = [...new Set(scenario.tasks.map((t) => t.domain))];
  const tutors: SimTutor[] = [];
  for (const g of scenario.workforce) {
    for (let i = 0; i < g.count; i++) {
      const accuracy: Record<string, number> = {};
      for (const d of domains) accuracy[d] = drawAccuracy(rng, g.accuracy[d] ?? g.accuracy.default);
      const window = g.availability.windowHours * 3_600_000,
        length = g.availability.hoursPerDay * 3_600_000;
      tutors.push({
        key: `${g.name}-${i}`,
        group: g.name,
        tier: g.tier,
        payModel: g.pay.model,
        payRate: g.pay.rate,
        accuracy,
        speedFactor: logNormal(rng, 1, g.speed.tutorSigma),
        speedMedianMs: g.speed.medianSeconds * 1000,
        speedSigma: g.speed.sigma,
        shiftStartMs: Math.floor(rng.next() * Math.max(0, window - length)),
        shiftLengthMs: length,
        lifeMs: g.dropout > 0 ? (-Math.log(1 - rng.next()) / g.dropout) * 3_600_000 : Infinity,
        certified: g.certified,
        domains: g.domains,
        positionBias: g.positionBias,
      });
    }
  }
  return { tasks, tutors };
}

/** Probability that `tutor` answers `task` correctly: 1/K + (acc − 1/K)(1 − difficulty). */
export function pCorrect(tutor: SimTutor, task: SimTask): number {
  const chance = 1 / task.classes.length;
  return chance + (tutor.accuracy[task.domain] - chance) * (1 - task.difficulty);
}

/**
 * The tutor's answer (class index): the truth with pCorrect, else uniform over the others. A judge with a
 * position bias first picks the first-shown response with that probability (no draw without one, so
 * scenarios without judges keep their histories).
 */
export function answer(rng: Rng, tutor: SimTutor, task: SimTask): number {
  if (tutor.positionBias > 0 && task.type === 'preference' && rng.next() < tutor.positionBias) return 0;
  if (rng.next() < pCorrect(tutor, task)) return task.truth;
  const wrong = rng.int(task.classes.length - 1);
  return wrong >= task.truth ? wrong + 1 : wrong;
}

/** Time the tutor spends on one judgment, ms (at least one second). */
export function judgmentMs(rng: Rng, tutor: SimTutor): number {
  return Math.max(1000, Math.round(logNormal(rng, tutor.speedMedianMs * tutor.speedFactor, tutor.speedSigma)));
}

/** Next moment ≥ t when the tutor is on shift. */
export function nextOnShift(tutor: SimTutor, t: number): number {
  if (tutor.shiftLengthMs >= DAY_MS) return t;
  const day = Math.floor(t / DAY_MS) * DAY_MS;
  const start = day + tutor.shiftStartMs,
    end = start + tutor.shiftLengthMs;
  if (t < start) return start;
  if (t < end) return t;
  return start + DAY_MS;
}

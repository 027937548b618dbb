/**
 * From a finished simulation (the world with its hidden truth, and every judgment in arrival
 * order) to the result: consensus by the quality engine's default method, accuracy against the
 * hidden truth (Wilson 95 % interval), cost, time to finish, judgments used, accuracy-vs-cost
 * curve, per-tier/domain rollups, cost per quality-adjusted label and the specialist-vs-generalist
 * comparison. Pure and deterministic: the same judgments give the same JSON (no wall-clock time).
 *
 * Consensus is inferred separately for each label set (preference a/b, each label set), so a
 * method never assigns a preference task a label from another task type. Gold tasks take part in
 * inference clamped to their gold answer, as the platform does, and are left out of accuracy.
 * Cost per quality-adjusted label uses each tutor's smoothed gold accuracy per domain as the
 * one-coin reliability; the tier comparison's "reliability" is the consensus method's own.
 */
import { encodeLabels, type LabelRow } from '../quality/encoded.js';
import { wilsonInterval, type Proportion } from '../quality/gold.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../quality/inference/index.js';
import { accuracyPerDollar, costToAccuracy, costToConfidence, type DepthPoint, type ItemJudgment } from '../economics/qualityAdjusted.js';
import { rollup, type RollupRow } from '../economics/rollup.js';
import { compareTiers, type DomainComparison } from '../economics/tierComparison.js';
import type { World } from './crowd.js';
import type { Scenario } from './scenario.js';

/** Prior on a tutor's P(correct) in a domain before gold says otherwise: mean 0.7, worth 4 gold answers. */
export const RELIABILITY_PRIOR = { mean: 0.7, weight: 4 };

export interface SimJudgment {
  /** Index into world.tasks. */
  task: number;
  /** Index into world.tutors. */
  tutor: number;
  /** Class index chosen. */
  label: number;
  costCents: number;
  durationMs: number;
  /** Virtual time of submission, ms. */
  at: number;
}

export interface Checkpoint {
  judgments: number;
  costCents: number;
  hours: number;
}

export interface CurvePoint extends Checkpoint {
  /** Accuracy vs truth over the non-gold tasks labelled so far. */
  accuracy: number | null;
  labelled: number;
}

export interface SimulationResult {
  scenario: string;
  seed: number;
  method: string;
  stoppedBy: 'no work' | 'budget' | 'deadline';
  tasks: { total: number; gold: number; labelled: number };
  accuracy: Proportion;
  accuracyByDomain: Record<string, Proportion>;
  costCents: number;
  budgetCents: number | null;
  judgments: number;
  goldJudgments: number;
  judgmentsPerTask: number;
  timeToFinishHours: number;
  costPerCorrectLabelCents: number | null;
  /** Accuracy ÷ cost per labelled task in dollars (qualityAdjusted.ts). */
  accuracyPerDollar: number | null;
  qualityAdjusted: { targetConfidence: number; reached: number; items: number; costPerQualityAdjustedLabelCents: number | null };
  /**
   * Against the hidden truth (the simulator's "gold" for every item): accuracy and cost per item
   * when each item keeps only its first n judgments, n = 1, 2, …; `reached` is the first depth at
   * `targetAccuracy`. Labels here come from the one-coin posterior with the gold reliabilities.
   */
  costToAccuracy: { targetAccuracy: number; curve: DepthPoint[]; reached: DepthPoint | null };
  tutors: { total: number; active: number; droppedOut: number };
  rejectedSubmissions: number;
  adaptiveClosedItems: number;
  rollups: { byTier: RollupRow[]; byTierDomain: RollupRow[] };
  tierComparison: DomainComparison[];
  curve: CurvePoint[];
  notes: string[];
}

interface Consensus {
  /** Per world task, chosen class index or -1 when unlabelled. */
  labels: Int32Array;
  reliability: Map<number, number[]>;
}

function consensus(world: World, judgments: readonly SimJudgment[], seed: number): Consensus {
  const labels = new Int32Array(world.tasks.length).fill(-1);
  const reliability = new Map<number, number[]>();
  const groups = new Map<string, LabelRow[]>();
  for (const j of judgments) {
    const task = world.tasks[j.task];
    const key = task.classes.join('|');
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = []));
    rows.push({ worker: String(j.tutor), task: String(j.task), label: task.classes[j.label] });
  }
  for (const rows of groups.values()) {
    const data = encodeLabels(rows);
    const gold = new Int32Array(data.taskNames.length).fill(-1);
    data.taskNames.forEach((name, t) => {
      const task = world.tasks[Number(name)];
      if (task.isGold) gold[t] = data.classNames.indexOf(task.classes[task.truth]);
    });
    const result = inferenceMethods[DEFAULT_INFERENCE_METHOD].infer(data, { seed, gold: gold.some((g) => g >= 0) ? gold : undefined });
    data.taskNames.forEach((name, t) => {
      const task = world.tasks[Number(name)];
      labels[Number(name)] = task.classes.indexOf(data.classNames[result.labels[t]]);
    });
    data.workerNames.forEach((name, w) => {
      const list = reliability.get(Number(name)) ?? [];
      list.push(result.workerReliability[w]);
      reliability.set(Number(name), list);
    });
  }
  return { labels, reliability };
}

function accuracyOf(world: World, labels: Int32Array, domain?: string): Proportion {
  let right = 0,
    total = 0;
  world.tasks.forEach((task, i) => {
    if (task.isGold || labels[i] < 0 || (domain !== undefined && task.domain !== domain)) return;
    total++;
    if (labels[i] === task.truth) right++;
  });
  return wilsonInterval(right, total);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export function summarise(run: {
  scenario: Scenario;
  seed: number;
  world: World;
  judgments: SimJudgment[];
  checkpoints: Checkpoint[];
  stoppedBy: SimulationResult['stoppedBy'];
  rejected: number;
  dropped: number;
  closedItems: number;
  endTimeMs: number;
  notes: string[];
}): SimulationResult {
  const { scenario, seed, world, judgments } = run;
  const final = consensus(world, judgments, seed);
  const domains = [...new Set(world.tasks.map((t) => t.domain))].sort();
  const accuracy = accuracyOf(world, final.labels);
  const costCents = judgments.reduce((s, j) => s + j.costCents, 0);
  const goldJudgments = judgments.filter((j) => world.tasks[j.task].isGold).length;
  const reliability = new Map([...final.reliability].map(([t, rs]) => [String(t), mean(rs)]));

  const records = judgments.map((j) => {
    const tutor = world.tutors[j.tutor],
      task = world.tasks[j.task];
    return {
      project: scenario.name,
      domain: task.domain,
      tier: tutor.tier,
      tutor: tutor.key,
      costCents: j.costCents,
      durationMs: j.durationMs,
      accepted: final.labels[j.task] === j.label,
    };
  });
  const tierJudgments = judgments.map((j) => {
    const tutor = world.tutors[j.tutor],
      task = world.tasks[j.task];
    return {
      tutor: String(j.tutor),
      tier: tutor.tier,
      domain: task.domain,
      item: task.externalId,
      label: task.classes[j.label],
      gold: task.isGold ? task.classes[task.truth] : null,
      consensus: final.labels[j.task] >= 0 ? task.classes[final.labels[j.task]] : null,
      costCents: j.costCents,
      durationMs: j.durationMs,
    };
  });
  const targetConfidence = scenario.project.adaptive?.targetConfidence ?? 0.95;
  // QAL reliabilities: each tutor's smoothed gold accuracy in the item's domain (the estimator the
  // adaptive stop uses), so the figure means P(correct) whatever the consensus method's own
  // reliability scale is (MACE's competence, for one, is not a probability of being right).
  const gold = new Map<string, { seen: number; right: number }>();
  for (const j of judgments) {
    const task = world.tasks[j.task];
    if (!task.isGold) continue;
    const key = `${j.tutor}@${task.domain}`;
    const g = gold.get(key) ?? { seen: 0, right: 0 };
    g.seen++;
    if (j.label === task.truth) g.right++;
    gold.set(key, g);
  }
  const goldReliability = new Map(
    [...gold].map(([k, g]) => [k, (g.right + RELIABILITY_PRIOR.mean * RELIABILITY_PRIOR.weight) / (g.seen + RELIABILITY_PRIOR.weight)]),
  );
  const itemJudgments: ItemJudgment[] = judgments
    .filter((j) => !world.tasks[j.task].isGold)
    .map((j) => ({
      item: String(j.task),
      worker: `${j.tutor}@${world.tasks[j.task].domain}`,
      label: String(j.label),
      costCents: j.costCents,
      at: j.at,
    }));
  const qal = costToConfidence(
    itemJudgments,
    { reliability: goldReliability, defaultReliability: RELIABILITY_PRIOR.mean },
    targetConfidence,
  );
  const correct = accuracy.correct;
  const truth = new Map(
    world.tasks.map((t, i) => [String(i), String(t.truth)] as [string, string]).filter(([i]) => !world.tasks[Number(i)].isGold),
  );
  const toAccuracy = costToAccuracy(
    itemJudgments,
    truth,
    { reliability: goldReliability, defaultReliability: RELIABILITY_PRIOR.mean },
    0.9,
  );

  // Curve: consensus on the judgments up to each checkpoint (arrival order).
  const curve: CurvePoint[] = run.checkpoints.map((c) => {
    const sofar = c.judgments === judgments.length ? final : consensus(world, judgments.slice(0, c.judgments), seed);
    const acc = accuracyOf(world, sofar.labels);
    return { ...c, accuracy: acc.total > 0 ? acc.value : null, labelled: acc.total };
  });

  const regular = world.tasks.filter((t) => !t.isGold).length;
  const active = new Set(judgments.map((j) => j.tutor)).size;
  return {
    scenario: scenario.name,
    seed,
    method: DEFAULT_INFERENCE_METHOD,
    stoppedBy: run.stoppedBy,
    tasks: { total: regular, gold: world.tasks.length - regular, labelled: accuracy.total },
    accuracy,
    accuracyByDomain: Object.fromEntries(domains.map((d) => [d, accuracyOf(world, final.labels, d)])),
    costCents,
    budgetCents: scenario.budgetCents ?? null,
    judgments: judgments.length,
    goldJudgments,
    judgmentsPerTask: accuracy.total > 0 ? (judgments.length - goldJudgments) / accuracy.total : 0,
    timeToFinishHours: run.endTimeMs / 3_600_000,
    costPerCorrectLabelCents: correct > 0 ? costCents / correct : null,
    accuracyPerDollar: accuracy.total > 0 ? accuracyPerDollar(accuracy.value, costCents / accuracy.total) : null,
    qualityAdjusted: {
      targetConfidence,
      reached: qal.reached,
      items: qal.items,
      costPerQualityAdjustedLabelCents: qal.costPerQualityAdjustedLabel,
    },
    costToAccuracy: toAccuracy,
    tutors: { total: world.tutors.length, active, droppedOut: run.dropped },
    rejectedSubmissions: run.rejected,
    adaptiveClosedItems: run.closedItems,
    rollups: { byTier: rollup(records, ['tier']), byTierDomain: rollup(records, ['tier', 'domain']) },
    tierComparison: compareTiers(tierJudgments, { reliability, seed, resamples: 500, minGoldItems: 20 }),
    curve,
    notes: run.notes,
  };
}

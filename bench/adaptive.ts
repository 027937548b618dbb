/**
 * `npm run bench:adaptive`: what adaptive overlap saves. Replays each shared crowd set (and a
 * synthetic crowd with known truth) in a seeded arrival order under the platform's adaptive
 * policy (src/quality/adaptive/replay.ts), against fixed overlap k and all labels. Markdown to
 * stdout, progress to stderr, JSON to bench/results/adaptive.json (full runs only).
 *
 *   npx tsx bench/adaptive.ts [--quick] [--sets product,rte,synthetic]
 *
 * Cost: every replay refits the batch method ~50 times (the platform's schedule: every 100
 * judgments or 10 % of the last fit), so the grid is smaller on the two big sets (relevance,
 * adult: 2 seeds, fewer settings) to keep the run at a few minutes on 2 shared cores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { readGoldFile, readLabelsFile } from '../src/cli/io/labelsFile.js';
import { DEFAULT_WORKER_MIX, generateMixedCrowd } from '../src/quality/adaptive/mixedCrowd.js';
import { PLATFORM_REFIT, replayAdaptiveOverlap, shuffledArrival } from '../src/quality/adaptive/replay.js';
import { WORKER_ACCURACY_DEFAULTS, type WorkerAccuracyOptions } from '../src/quality/adaptive/workerAccuracy.js';
import { encodeGold, type EncodedLabels } from '../src/quality/encoded.js';
import { workerGoldAccuracy } from '../src/quality/gold.js';
import { DEFAULT_INFERENCE_METHOD } from '../src/quality/inference/index.js';
import { hasSharedData, sharedDataDir, sharedDataSkipReason } from '../test/support/sharedData.js';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const setsArg = argv.indexOf('--sets');
const onlySets = setsArg >= 0 ? argv[setsArg + 1].split(',') : null;
const PRIOR_ACCURACY = 0.7;
/** "Items in flight" of the queue-like arrival order used as a sensitivity check. */
const QUEUE_WINDOW = 100;

/**
 * One setting of the adaptive arm. accuracy `refit`: worker accuracies from the platform's
 * periodic refits of `method` — `est` = estimateWorkerAccuracy on each refit (leave-one-out
 * agreement with the fit's posteriors, Beta-shrunk, capped, class-bias aware: the platform's
 * estimator), `rel` = the method's raw workerReliability (what the platform used first).
 * `known`: fixed accuracies given up front — on the synthetic crowd the workers' true ones
 * ("oracle"); on the shared sets each worker's accuracy on the sets' gold ("gold-acc": a
 * diagnostic that lets the policy see the evaluation gold — an upper bound, not deployable).
 * `temper`: τ of temperAccuracy (1 = none). `window`: queue-like arrival instead of the uniform shuffle.
 */
interface Variant {
  name: string;
  method: string;
  accuracy: 'refit' | 'known';
  estimator: 'est' | 'rel';
  mins: number[];
  targets: number[];
  temper?: number;
  window?: number;
  /** Estimator options beyond the defaults (e.g. the class-bias check). */
  estOptions?: WorkerAccuracyOptions;
}
interface Grid {
  seeds: number[];
  variants: Variant[];
}
const M = DEFAULT_INFERENCE_METHOD;
const T2 = [0.95, 0.99];
const est = (targets: number[], extra: Partial<Variant> = {}): Variant => ({
  name: `${M}+est`,
  method: M,
  accuracy: 'refit',
  estimator: 'est',
  mins: [2],
  targets,
  ...extra,
});
const rel = (method: string, targets: number[]): Variant => ({
  name: method === M ? `${M} reliability` : `${method} reliability`,
  method,
  accuracy: 'refit',
  estimator: 'rel',
  mins: [2],
  targets,
});
const known = (set: string, targets: number[]): Variant => ({
  name: set === 'synthetic' ? 'oracle' : 'gold-acc',
  method: M,
  accuracy: 'known',
  estimator: 'rel',
  mins: [2],
  targets,
});
const queue = (targets: number[], temper?: number): Variant =>
  est(targets, { name: `${M}+est${temper ? `, τ ${temper}` : ''}, queue arrival`, window: QUEUE_WINDOW, temper });
const tempered = (tau: number, targets: number[]): Variant => est(targets, { name: `${M}+est, τ ${tau}`, temper: tau });
const biasChecked = (targets: number[]): Variant => est(targets, { name: `${M}+est+classBias`, estOptions: { classBias: true } });
const fullGrid = (set: string): Grid => ({
  seeds: [1, 2, 3, 4, 5],
  variants: [
    est([0.9, ...T2]),
    biasChecked(T2),
    tempered(0.8, T2),
    rel(M, T2),
    rel('ds1', T2),
    queue([0.95]),
    queue([0.95], 0.8),
    known(set, T2),
  ],
});
const GRIDS: Record<string, Grid> = {
  // 108 items: one item is 0.93 pp, so ten seeds (each replay costs ~0.02 s).
  bluebirds: { ...fullGrid('bluebirds'), seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  product: { seeds: [1, 2, 3], variants: [est(T2), rel(M, [0.95]), known('product', [0.95])] },
  // ds1 is left out on relevance: as a batch method it is far behind there (44 % on all labels), and each replay costs ~7 CPU s.
  relevance: { seeds: [1, 2], variants: [est(T2), rel(M, [0.95]), known('relevance', [0.95])] },
  adult: { seeds: [1, 2], variants: [est(T2), rel(M, [0.95]), known('adult', [0.95])] },
  // Calibrated accuracies make 0.95 expensive on this crowd (3 classes, mostly 0.55–0.75 workers): 0.6–0.7 are its budget points.
  synthetic: { seeds: [1, 2, 3], variants: [est([0.6, 0.7, 0.9, ...T2]), rel(M, [0.95]), rel('ds1', [0.95]), known('synthetic', T2)] },
};
const gridFor = (set: string): Grid => {
  const g = GRIDS[set] ?? fullGrid(set);
  if (!quick) return g;
  return {
    seeds: [1],
    variants: g.variants
      .filter((x) => x.accuracy === 'refit' && !x.window && x.estimator === 'est' && !x.temper)
      .map((x) => ({ ...x, targets: [0.95] })),
  };
};

/** k per set: the usual number of labels per item, capped at 10 (sentiment has 20, bluebirds 39). Adaptive max = k. */
const SHARED_SETS: { set: string; k: number }[] = [
  { set: 'product', k: 3 },
  { set: 'sentiment', k: 10 },
  { set: 'relevance', k: 5 },
  { set: 'adult', k: 10 },
  { set: 'rte', k: 10 },
  { set: 'temp', k: 10 },
  { set: 'bluebirds', k: 10 },
];
/** 10 labels available per item, fixed k = 5; adaptive max 5 (= k) and 10 (may spend more on hard items). */
const SYNTHETIC = { nItems: 2000, nClasses: 3, nWorkers: 40, labelsPerItem: 10, k: 5, maxJudgments: [5, 10] };

interface Crowd {
  data: EncodedLabels;
  gold: Int32Array;
  knownAccuracy: Float64Array;
}

interface Run {
  set: string;
  k: number;
  maxJudgments: number;
  variant: string;
  method: string;
  minJudgments: number;
  targetConfidence: number;
  seed: number;
  arrival: string;
  labels: number;
  goldItems: number;
  fixedJudgments: number;
  adaptiveJudgments: number;
  savingVsFixed: number;
  fixedAccuracy: number | null;
  adaptiveAccuracy: number | null;
  allAccuracy: number | null;
  closedAtTarget: number;
  exhausted: number;
  ranOut: number;
  adaptiveBelowTarget: number;
  fixedBelowTarget: number;
  refits: number;
  judgmentsHistogram: number[];
  seconds: number;
}

const runs: Run[] = [];
const allAccuracy = new Map<string, number | null>();

function replaySet(set: string, k: number, maxJudgments: number, grid: Grid, crowdFor: (seed: number) => Crowd): void {
  for (const variant of grid.variants)
    for (const seed of grid.seeds) {
      const crowd = crowdFor(seed);
      const arrival = shuffledArrival(crowd.data, seed, variant.window === undefined ? {} : { window: variant.window });
      for (const minJudgments of variant.mins)
        for (const targetConfidence of variant.targets) {
          const allKey = `${set}|${variant.method}|${seed}`;
          const start = performance.now();
          const r = replayAdaptiveOverlap(arrival, {
            fixedOverlap: k,
            policy: { targetConfidence, minJudgments, maxJudgments },
            method: variant.method,
            knownAccuracy: variant.accuracy === 'known' ? crowd.knownAccuracy : undefined,
            workerAccuracy: variant.estimator === 'est' ? (variant.estOptions ?? {}) : 'reliability',
            temper: variant.temper ?? 1,
            priorAccuracy: PRIOR_ACCURACY,
            gold: crowd.gold,
            seed,
            includeAll: !allAccuracy.has(allKey),
          });
          if (r.all) allAccuracy.set(allKey, r.all.accuracy);
          const seconds = (performance.now() - start) / 1000;
          runs.push({
            set,
            k,
            maxJudgments,
            variant: variant.name,
            method: variant.method,
            minJudgments,
            targetConfidence,
            seed,
            arrival: variant.window === undefined ? 'uniform' : `queue(window ${variant.window})`,
            labels: r.labels,
            goldItems: r.adaptive.goldItems,
            fixedJudgments: r.fixed.judgments,
            adaptiveJudgments: r.adaptive.judgments,
            savingVsFixed: r.savingVsFixed,
            fixedAccuracy: r.fixed.accuracy,
            adaptiveAccuracy: r.adaptive.accuracy,
            allAccuracy: allAccuracy.get(allKey) ?? null,
            closedAtTarget: r.adaptive.closedAtTarget,
            exhausted: r.adaptive.exhausted,
            ranOut: r.adaptive.ranOut,
            adaptiveBelowTarget: r.adaptive.belowTarget,
            fixedBelowTarget: r.fixed.belowTarget,
            refits: r.adaptive.refits,
            judgmentsHistogram: r.adaptive.judgmentsHistogram,
            seconds,
          });
          const delta = r.accuracyDeltaVsFixed === null ? '—' : `${(r.accuracyDeltaVsFixed * 100).toFixed(2)} pp`;
          process.stderr.write(
            `${set} k=${k} max=${maxJudgments} ${variant.name} min=${minJudgments} target=${targetConfidence} seed=${seed}: saving ${(r.savingVsFixed * 100).toFixed(1)}%, Δacc ${delta}, ${r.adaptive.refits} refits (${seconds.toFixed(1)} s)\n`,
          );
        }
    }
}

const started = performance.now();
const want = (set: string) => !onlySets || onlySets.includes(set);
if (hasSharedData) {
  for (const { set, k } of SHARED_SETS.filter((s) => want(s.set))) {
    const dir = join(sharedDataDir, 'crowd', set);
    const { data, gold } = encodeGold(readLabelsFile(join(dir, 'labels.csv')), readGoldFile(join(dir, 'gold.csv')));
    const knownAccuracy = Float64Array.from(workerGoldAccuracy(data, gold), (p) => (p.total > 0 ? p.value : PRIOR_ACCURACY));
    replaySet(set, k, k, gridFor(set), () => ({ data, gold, knownAccuracy }));
  }
} else {
  process.stderr.write(`shared sets skipped: ${sharedDataSkipReason}\n`);
}
if (want('synthetic')) {
  const crowdFor = (seed: number): Crowd => {
    const c = generateMixedCrowd({ ...SYNTHETIC, seed });
    return { data: c.data, gold: c.truth, knownAccuracy: c.workerAccuracy };
  };
  for (const max of SYNTHETIC.maxJudgments) replaySet('synthetic', SYNTHETIC.k, max, gridFor('synthetic'), crowdFor);
}
const totalSeconds = (performance.now() - started) / 1000;

// ---- aggregate over seeds -------------------------------------------------------------------
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const stat = (xs: number[]) => (xs.length === 0 ? null : { mean: mean(xs), sd: sd(xs), min: Math.min(...xs), max: Math.max(...xs) });
const groups = new Map<string, Run[]>();
for (const r of runs) {
  const key = [r.set, r.maxJudgments, r.variant, r.minJudgments, r.targetConfidence].join('|');
  groups.set(key, [...(groups.get(key) ?? []), r]);
}
const nums = (rs: Run[], f: (r: Run) => number | null): number[] => rs.map(f).filter((x): x is number => x !== null);
const summary = [...groups.values()].map((rs) => {
  const r0 = rs[0];
  return {
    set: r0.set,
    k: r0.k,
    maxJudgments: r0.maxJudgments,
    variant: r0.variant,
    method: r0.method,
    minJudgments: r0.minJudgments,
    targetConfidence: r0.targetConfidence,
    arrival: r0.arrival,
    seeds: rs.map((r) => r.seed),
    labels: r0.labels,
    goldItems: r0.goldItems,
    fixedJudgments: stat(rs.map((r) => r.fixedJudgments))!,
    adaptiveJudgments: stat(rs.map((r) => r.adaptiveJudgments))!,
    savingVsFixed: stat(rs.map((r) => r.savingVsFixed))!,
    fixedAccuracy: stat(nums(rs, (r) => r.fixedAccuracy)),
    adaptiveAccuracy: stat(nums(rs, (r) => r.adaptiveAccuracy)),
    accuracyDeltaPp: stat(
      nums(rs, (r) => (r.adaptiveAccuracy === null || r.fixedAccuracy === null ? null : (r.adaptiveAccuracy - r.fixedAccuracy) * 100)),
    ),
    allAccuracy: stat(nums(rs, (r) => r.allAccuracy)),
    closedAtTarget: stat(rs.map((r) => r.closedAtTarget))!,
    exhausted: stat(rs.map((r) => r.exhausted))!,
    ranOut: stat(rs.map((r) => r.ranOut))!,
    adaptiveBelowTarget: stat(rs.map((r) => r.adaptiveBelowTarget))!,
    fixedBelowTarget: stat(rs.map((r) => r.fixedBelowTarget))!,
    refits: stat(rs.map((r) => r.refits))!,
  };
});

const pct = (x: number | undefined): string => (x === undefined ? '—' : (x * 100).toFixed(1));
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
console.log('## Adaptive overlap vs fixed overlap k (mean ± sd over seeds)\n');
console.log(
  `Arrival: a seeded uniform shuffle of all rows (the sets have no timestamps); "queue arrival" = items started in random order, each label within ${QUEUE_WINDOW} items of its item's start. ` +
    `Worker accuracies: refitted on all used labels by the platform's rule (every ${PLATFORM_REFIT.every} judgments or ${PLATFORM_REFIT.growth * 100} % of the last fit); unseen workers ${PRIOR_ACCURACY}. ` +
    `"+est" = estimateWorkerAccuracy on each refit (${JSON.stringify(WORKER_ACCURACY_DEFAULTS)}); "reliability" = the method's raw workerReliability; "τ" = tempered posterior (temperAccuracy). ` +
    `Accuracy: the same method on each arm's labels, against gold. "oracle" = the synthetic workers' true accuracies; "gold-acc" = each worker's accuracy on the sets' gold (sees evaluation gold: an upper bound). Both scored with ${M}.\n`,
);
console.log(
  '| set | k | max | variant | min | target | seeds | judgments fixed → adaptive | saving % | acc fixed % | acc adaptive % | Δ pp | acc all labels % | closed at target | exhausted at max | ran out |',
);
console.log('|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const s of summary) {
  const delta = s.accuracyDeltaPp ? `${signed(s.accuracyDeltaPp.mean)} ± ${s.accuracyDeltaPp.sd.toFixed(2)}` : '—';
  console.log(
    `| ${s.set} | ${s.k} | ${s.maxJudgments} | ${s.variant} | ${s.minJudgments} | ${s.targetConfidence} | ${s.seeds.length} | ${s.fixedJudgments.mean.toFixed(0)} → ${s.adaptiveJudgments.mean.toFixed(0)} | ${pct(s.savingVsFixed.mean)} ± ${pct(s.savingVsFixed.sd)} | ${pct(s.fixedAccuracy?.mean)} | ${pct(s.adaptiveAccuracy?.mean)} ± ${pct(s.adaptiveAccuracy?.sd)} | ${delta} | ${pct(s.allAccuracy?.mean)} | ${s.closedAtTarget.mean.toFixed(0)} | ${s.exhausted.mean.toFixed(0)} | ${s.ranOut.mean.toFixed(0)} |`,
  );
}
console.log(`\n${runs.length} replays in ${totalSeconds.toFixed(0)} s.`);

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  seconds: totalSeconds,
  settings: {
    policy:
      "after each used judgment: itemPosterior (one-coin) with the last batch fit's worker accuracies (variant: estimateWorkerAccuracy or raw workerReliability), then decideOverlap; closed items are never offered again",
    estimator: WORKER_ACCURACY_DEFAULTS,
    refit: {
      ...PLATFORM_REFIT,
      rule: 'refit when used judgments since the last fit ≥ max(every, ceil(growth × judgments in the last fit)); batch seed 0',
    },
    priorAccuracy: PRIOR_ACCURACY,
    arrival: {
      uniform: "seeded uniform permutation of all rows: each item's labels in random order, items interleaved at random",
      queue: `items start in a random order; a label arrives at start rank + ${QUEUE_WINDOW} × U(0,1)`,
    },
    scoring:
      "the same batch method on each arm's used labels; accuracy on gold items (items with at least one label); gold is never seen by the refit variants",
    sharedSets: hasSharedData
      ? SHARED_SETS.filter((s) => want(s.set)).map((s) => ({ ...s, maxJudgments: s.k, grid: gridFor(s.set) }))
      : sharedDataSkipReason,
    synthetic: {
      ...SYNTHETIC,
      mix: DEFAULT_WORKER_MIX,
      grid: gridFor('synthetic'),
      note: 'a new crowd per seed; "oracle" uses the true worker accuracies instead of refits',
    },
    quick,
  },
  summary,
  runs,
};
if (!onlySets && !quick) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'adaptive.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('JSON: bench/results/adaptive.json');
} else {
  console.log('(partial run: --quick or --sets, so bench/results/adaptive.json was not written)');
}

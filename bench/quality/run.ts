/**
 * `npm run bench:quality`: the accuracy table on the shared sets, the numeric (emotion) table,
 * and the speed/memory benchmarks. Markdown to stdout, JSON to bench/results/quality.json.
 * Run `npm run build:cli` first (the npm script does) — process timings use the bundle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../../src/quality/inference/index.js';
import { hasSharedData, sharedDataDir } from '../../test/support/sharedData.js';
import { CATEGORICAL_SETS, evaluateSet, type AccuracyCell } from './accuracy.js';
import { evaluateNumeric } from './numericAccuracy.js';
import { bestPublished, EMOTION_PUBLISHED } from './published.js';
import { asEncoded, evaluateSparseCrowds } from './sparseCrowds.js';
import {
  benchBradleyTerry,
  benchKrippendorff,
  buildQualityOnlyCli,
  comparisonsToCsv,
  outputAccuracy,
  syntheticComparisons,
  timeCli,
  writeSyntheticCrowd,
} from './speed.js';

const root = resolve(import.meta.dirname, '../..');
const only = new Set(process.argv.slice(2)); // e.g. `accuracy` or `speed`; empty = all
const want = (part: string): boolean => only.size === 0 || only.has(part);
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGb: totalmem() / 2 ** 30,
};
const pct = (x: number): string => (x * 100).toFixed(2);

if (want('accuracy') && hasSharedData) {
  const methods = Object.keys(inferenceMethods);
  const cells: AccuracyCell[] = CATEGORICAL_SETS.flatMap((set) => evaluateSet(sharedDataDir, set, methods));
  report.accuracy = cells;
  console.log(
    `## Accuracy on the shared sets (%, gold tasks with labels; default = ${DEFAULT_INFERENCE_METHOD}; MV ties counted 1/k in brackets)\n`,
  );
  console.log(`| set | ${methods.join(' | ')} | best published |`);
  console.log(`|---|${methods.map(() => '---:').join('|')}|---|`);
  for (const set of CATEGORICAL_SETS) {
    const row = methods.map((m) => {
      const c = cells.find((x) => x.set === set && x.method === m)!;
      const text = m === 'mv' ? `${pct(c.accuracy)} (${pct(c.fractionalAccuracy)})` : pct(c.accuracy);
      return m === DEFAULT_INFERENCE_METHOD ? `**${text}**` : text;
    });
    const best = bestPublished(set);
    console.log(`| ${set} | ${row.join(' | ')} | ${best ? `${best.accuracy.toFixed(2)} ${best.by}` : '—'} |`);
  }
  const sparse = evaluateSparseCrowds(methods);
  report.sparseCrowds = sparse;
  console.log(`\n## Sparse synthetic crowds (%, mean of ${sparse[0].seeds} seeds; Zipf worker activity, 1–7 labels per task)\n`);
  console.log(`| crowd | ${methods.join(' | ')} | oracle |`);
  console.log(`|---|${methods.map(() => '---:').join('|')}|---:|`);
  for (const r of sparse)
    console.log(
      `| ${r.crowd} | ${methods.map((m) => (m === DEFAULT_INFERENCE_METHOD ? `**${pct(r.accuracy[m])}**` : pct(r.accuracy[m]))).join(' | ')} | ${pct(r.oracle)} |`,
    );
  const numeric = evaluateNumeric(sharedDataDir);
  report.numeric = numeric;
  console.log('\n## emotion (numeric): MAE / RMSE against gold\n');
  console.log('| method | MAE | RMSE | 95% interval coverage | published |');
  console.log('|---|---:|---:|---:|---|');
  const published: Record<string, string> = {
    mean: `Mean ${EMOTION_PUBLISHED.Mean.mae} / ${EMOTION_PUBLISHED.Mean.rmse}`,
    median: `Median ${EMOTION_PUBLISHED.Median.mae} / ${EMOTION_PUBLISHED.Median.rmse}`,
  };
  for (const c of numeric)
    console.log(`| ${c.method} | ${c.mae.toFixed(2)} | ${c.rmse.toFixed(2)} | ${pct(c.coverage)}% | ${published[c.method] ?? '—'} |`);
}

if (want('speed')) {
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-bench-'));
  try {
    const { crowd, labelsPath, oracle } = writeSyntheticCrowd(dir);
    const out = join(dir, 'out.csv');
    const aggregate: Record<string, unknown> = {
      labels: crowd.labels.length,
      tasks: crowd.nTasks,
      workers: crowd.nWorkers,
      classes: crowd.nClasses,
      oracleAccuracy: oracle,
    };
    console.log('\n## Speed and memory (whole `tutorloop aggregate` process, best of 3; ebcc and auto: 1 run)\n');
    console.log(
      `1,000,000 labels drawn from the Dawid–Skene model: 100,000 tasks × 10 labels, 2,000 workers (60 % decent, 25 % weak, 10 % uniform spammers, 5 % one-class), 5 classes; oracle posterior (true parameters) ${pct(oracle)}%.\n`,
    );
    console.log(
      `Load average at start: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(', ')} on ${cpus().length} cores (wall times suffer when other jobs run; CPU s = user + sys).\n`,
    );
    console.log('| method | wall s | CPU s | max RSS MB | accuracy % | gap to oracle pp |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const qualityOnly = await buildQualityOnlyCli(root);
    const timed = [...new Set(['mv', 'ds', DEFAULT_INFERENCE_METHOD, 'hds', 'bwa', 'ebcc', 'auto'])];
    for (const method of timed) {
      const repeats = method === 'ebcc' || method === 'auto' ? 1 : 3;
      const run = timeCli(root, ['aggregate', labelsPath, '--method', method, '--out', out], repeats);
      const accuracy = outputAccuracy(out, crowd.truth);
      const lean = timeCli(root, ['aggregate', labelsPath, '--method', method, '--out', out], repeats, qualityOnly);
      aggregate[method] = { ...run, accuracy, gapToOraclePp: (oracle - accuracy) * 100, qualityOnlyEntry: lean };
      console.log(
        `| ${method} | ${run.wallSeconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${run.maxRssMb.toFixed(0)} | ${pct(accuracy)} | ${((oracle - accuracy) * 100).toFixed(2)} |`,
      );
      console.log(
        `| ${method}, quality-only entry | ${lean.wallSeconds.toFixed(2)} | ${lean.cpuSeconds.toFixed(2)} | ${lean.maxRssMb.toFixed(0)} | | |`,
      );
    }
    rmSync(qualityOnly, { force: true });
    // Every method in process on the same crowd (fit time only, no CSV parsing).
    const inProcess: Record<string, { seconds: number; accuracy: number }> = {};
    console.log('\n| method (in process) | fit s | accuracy % | gap to oracle pp |');
    console.log('|---|---:|---:|---:|');
    for (const method of Object.keys(inferenceMethods)) {
      const start = performance.now();
      const { labels } = inferenceMethods[method].infer(asEncoded(crowd), { seed: 0 });
      const seconds = (performance.now() - start) / 1000;
      let hits = 0;
      for (let t = 0; t < crowd.nTasks; t++) if (labels[t] === crowd.truth[t]) hits++;
      inProcess[method] = { seconds, accuracy: hits / crowd.nTasks };
      const name = method === DEFAULT_INFERENCE_METHOD ? `**${method}**` : method;
      console.log(
        `| ${name} | ${seconds.toFixed(2)} | ${pct(hits / crowd.nTasks)} | ${((oracle - hits / crowd.nTasks) * 100).toFixed(2)} |`,
      );
    }
    aggregate.inProcess = inProcess;
    // What every command pays before reading a byte: the bundle's module loading.
    const startup = timeCli(root, ['--version']);
    aggregate.startup = startup;
    console.log(
      `| (startup only: \`tutorloop --version\`) | ${startup.wallSeconds.toFixed(2)} | ${startup.cpuSeconds.toFixed(2)} | ${startup.maxRssMb.toFixed(0)} | — | — |`,
    );
    aggregate.crowdKitReference = {
      note: 'crowd-kit DawidSkene on a machine of this kind, from the issue text',
      fitSeconds: 17.8,
      processSeconds: 19.2,
      maxRssMb: 533,
    };
    report.aggregate = aggregate;

    const bt = benchBradleyTerry();
    const { comparisons } = syntheticComparisons();
    const comparisonsPath = join(dir, 'comparisons-1m.csv');
    writeFileSync(comparisonsPath, comparisonsToCsv(comparisons));
    const rankRun = timeCli(root, ['rank', comparisonsPath, '--method', 'bt', '--out', join(dir, 'rank.csv')]);
    report.bradleyTerry = { comparisons: 1_000_000, items: 1_000, ...bt, rankProcess: rankRun };
    const kripp = benchKrippendorff(crowd);
    report.krippendorff = { labels: crowd.labels.length, ...kripp };
    console.log('\n## Ranking and agreement (1,000,000 comparisons among 1,000 items; α on the 1,000,000 labels above)\n');
    console.log('| benchmark | seconds | target |');
    console.log('|---|---:|---|');
    console.log(`| Bradley–Terry fit (in process; max |score error| ${bt.maxAbsError.toFixed(3)}) | ${bt.fitSeconds.toFixed(2)} | < 1 |`);
    console.log(
      `| \`tutorloop rank --method bt\` whole process (RSS ${rankRun.maxRssMb.toFixed(0)} MB) | ${rankRun.wallSeconds.toFixed(2)} | — |`,
    );
    console.log(`| Bradley–Terry, 200 bootstrap rounds | ${bt.bootstrap200Seconds.toFixed(2)} | < 30 |`);
    for (const [k, v] of Object.entries(kripp)) console.log(`| Krippendorff α ${k.replace('Seconds', '')} | ${v.toFixed(2)} | < 1 |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'quality.json'), JSON.stringify(report, null, 2) + '\n');
console.log('\nJSON: bench/results/quality.json');

/**
 * A Markdown report for one or more simulation results (side by side when several): a headline
 * table (accuracy against the hidden truth with its 95 % interval, cost, cost per correct label,
 * cost per quality-adjusted label, cost per item to 90 % accuracy, judgments, time to finish), accuracy per domain, the
 * specialist-vs-generalist verdicts, and SVG charts (accuracy vs cost, accuracy vs time, accuracy
 * per domain). Pure: results in, `{ markdown, files }` out; the caller writes the files.
 */
import { barChart, lineChart } from '../economics/report/charts.js';
import type { Report, ReportFile } from '../economics/report/report.js';
import type { SimulationResult } from './results.js';

const dollars = (cents: number | null) =>
  cents === null ? 'n/a' : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** "$1.20 (3 judgments)" or "not reached (best 87.0%)". */
function toAccuracy(r: SimulationResult): string {
  const c = r.costToAccuracy;
  if (!c) return 'n/a';
  if (c.reached) return `${dollars(c.reached.costPerItemCents)} (${c.reached.depth} judgment${c.reached.depth === 1 ? '' : 's'})`;
  const best = c.curve.reduce((m, p) => Math.max(m, p.accuracy), 0);
  return `not reached (best ${pct(best)})`;
}

export function simulationReport(results: readonly SimulationResult[], title = 'Simulation report'): Report {
  if (results.length === 0) throw new RangeError('no results to report');
  const md: string[] = [`# ${title}`, ''];
  md.push(
    'Each scenario was run through the real routing and submission code on virtual time; accuracy is measured against the ' +
      "simulator's hidden truth, consensus by the quality engine's default method. Intervals are 95 % Wilson intervals.",
    '',
  );
  md.push(
    '| scenario | accuracy (95% CI) | cost | per correct label | per quality-adjusted label | per item to 90% accuracy | judgments (per task) | time to finish | stopped |',
  );
  md.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const a = r.accuracy;
    md.push(
      `| ${cell(r.scenario)} | ${pct(a.value)} (${pct(a.lower)}–${pct(a.upper)}) | ${dollars(r.costCents)} | ${dollars(r.costPerCorrectLabelCents)} | ` +
        `${dollars(r.qualityAdjusted.costPerQualityAdjustedLabelCents)} | ${toAccuracy(r)} | ${r.judgments} (${r.judgmentsPerTask.toFixed(2)}) | ${r.timeToFinishHours.toFixed(1)} h | ${r.stoppedBy} |`,
    );
  }
  md.push('');
  const domains = [...new Set(results.flatMap((r) => Object.keys(r.accuracyByDomain)))].sort();
  md.push('## Accuracy by domain', '');
  md.push(`| scenario | ${domains.join(' | ')} |`, `|---|${domains.map(() => '---').join('|')}|`);
  for (const r of results) md.push(`| ${cell(r.scenario)} | ${domains.map((d) => pct(r.accuracyByDomain[d]?.value)).join(' | ')} |`);
  md.push('');

  const files: ReportFile[] = [
    {
      name: 'accuracy-vs-cost.svg',
      content: lineChart({
        title: 'Accuracy vs cost',
        xName: 'cost ($)',
        yName: 'accuracy',
        yMin: 0.5,
        yMax: 1,
        series: results.map((r) => ({
          name: r.scenario,
          points: r.curve.filter((c) => c.accuracy !== null).map((c) => [c.costCents / 100, c.accuracy!] as [number, number]),
        })),
      }),
    },
    {
      name: 'accuracy-vs-time.svg',
      content: lineChart({
        title: 'Accuracy vs time',
        xName: 'hours',
        yName: 'accuracy',
        yMin: 0.5,
        yMax: 1,
        series: results.map((r) => ({
          name: r.scenario,
          points: r.curve.filter((c) => c.accuracy !== null).map((c) => [c.hours, c.accuracy!] as [number, number]),
        })),
      }),
    },
    {
      name: 'accuracy-by-domain.svg',
      content: barChart({
        title: 'Accuracy by domain',
        categories: domains,
        yName: 'accuracy',
        series: results.map((r) => ({ name: r.scenario, values: domains.map((d) => r.accuracyByDomain[d]?.value ?? null) })),
      }),
    },
  ];
  md.push(
    '## Charts',
    '',
    '![Accuracy vs cost](accuracy-vs-cost.svg)',
    '',
    '![Accuracy vs time](accuracy-vs-time.svg)',
    '',
    '![Accuracy by domain](accuracy-by-domain.svg)',
    '',
  );

  md.push('## Cost and throughput by tier and domain', '');
  md.push(
    '| scenario | tier | domain | judgments | cost | cost per judgment | judgments per tutor-hour |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of results) {
    for (const row of r.rollups.byTierDomain) {
      md.push(
        `| ${cell(r.scenario)} | ${row.key.tier} | ${row.key.domain} | ${row.judgments} | ${dollars(row.costCents)} | ${dollars(row.costPerJudgment)} | ${row.throughputPerHour === null ? 'n/a' : row.throughputPerHour.toFixed(1)} |`,
      );
    }
  }
  md.push('');

  const comparisons = results.flatMap((r) => r.tierComparison.map((c) => ({ r, c })));
  md.push('## Specialists vs generalists', '');
  if (comparisons.length === 0) md.push('No scenario had both tiers working in one domain.', '');
  else {
    md.push(
      '| scenario | domain | gold accuracy S / G | difference (95% CI) | cost per QAL S / G | verdict |',
      '|---|---|---|---|---|---|',
    );
    for (const { r, c } of comparisons) {
      const d = c.differences.goldAccuracy;
      md.push(
        `| ${cell(r.scenario)} | ${c.domain} | ${pct(c.specialist.values.goldAccuracy)} / ${pct(c.generalist.values.goldAccuracy)} | ` +
          `${d.estimate === null ? 'n/a' : `${(100 * d.estimate).toFixed(1)} pts (${d.lower === null ? '−∞' : (100 * d.lower).toFixed(1)} to ${d.upper === null ? '+∞' : (100 * d.upper).toFixed(1)})`} | ` +
          `${dollars(c.specialist.values.costPerQAL)} / ${dollars(c.generalist.values.costPerQAL)} | ${c.verdict} |`,
      );
    }
    md.push('');
    for (const { c } of comparisons) md.push(`- ${c.summary}`);
    md.push('');
  }
  const notes = [...new Set(results.flatMap((r) => r.notes))];
  if (notes.length > 0) md.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  md.push(
    `Seeds: ${results.map((r) => `${r.scenario} = ${r.seed}`).join('; ')}. Re-running a scenario with its seed reproduces these figures exactly.`,
    '',
  );
  return { markdown: md.join('\n'), files };
}

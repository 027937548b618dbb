/**
 * A Markdown report for one platform project from its economics (`projectEconomics`): totals, gold
 * accuracy per tier, cost / judgments / accepted / time / throughput per tier, tier × domain and
 * tutor, cost per quality-adjusted label, the specialist-vs-generalist comparison with intervals and
 * verdicts, reviews and certification, and SVG charts (cost and accepted judgments per tier × domain).
 * Pure: data in, files out.
 */
import type { ProjectEconomics } from '../projectEconomics.js';
import type { RollupRow } from '../rollup.js';
import { barChart } from './charts.js';
import { markdownText } from './markdownText.js';
import type { Report, ReportFile } from './report.js';

export interface ProjectReportInput {
  project: { name: string; type: string };
  economics: ProjectEconomics;
  goldByTier: Record<string, { judgments: number; correct: number }>;
  /** Tutor id → display name, when known. */
  tutorNames?: Record<string, string>;
}

const dollars = (cents: number | null) =>
  cents === null ? 'n/a' : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const cell = (s: string) => s.replace(/\|/g, '\\|');
const hours = (ms: number) => `${(ms / 3_600_000).toFixed(2)} h`;

function rollupTable(rows: readonly RollupRow[], dims: ('tier' | 'domain' | 'tutor')[], names: Record<string, string> = {}): string[] {
  const out = [
    `| ${dims.join(' | ')} | judgments | accepted | cost | cost per judgment | cost per accepted | time | judgments per hour |`,
    `|${dims.map(() => '---').join('|')}|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    const keys = dims.map((d) => (d === 'tutor' ? markdownText(names[r.key.tutor ?? ''] ?? r.key.tutor ?? '') : cell(r.key[d] ?? '')));
    out.push(
      `| ${keys.join(' | ')} | ${r.judgments} | ${r.accepted} | ${dollars(r.costCents)} | ${dollars(r.costPerJudgment)} | ${dollars(r.costPerAccepted)} | ` +
        `${hours(r.timeMs)} | ${r.throughputPerHour === null ? 'n/a' : r.throughputPerHour.toFixed(1)} |`,
    );
  }
  return out;
}

export function projectReport(input: ProjectReportInput): Report {
  const { economics: e, project } = input;
  const judgments = e.rollups.byTier.reduce((s, r) => s + r.judgments, 0);
  const accepted = e.rollups.byTier.reduce((s, r) => s + r.accepted, 0);
  const md: string[] = [`# Project report: ${markdownText(project.name)}`, ''];
  md.push(
    `Task type: ${project.type}. Consensus by the quality engine's default method (${e.method}), gold tasks clamped to their gold answer; ` +
      "a judgment is *accepted* when it agrees with consensus. Costs come from each tutor's pay terms. Intervals are 95 %.",
    '',
  );
  md.push(
    '| cost (annotations + reviews) | judgments | accepted | cost per quality-adjusted label | items reaching target |',
    '|---|---|---|---|---|',
  );
  const q = e.qualityAdjusted;
  md.push(
    `| ${dollars(e.costCents)} | ${judgments} | ${accepted} | ${dollars(q.costPerQualityAdjustedLabel)} | ${q.reached} of ${q.items} (target ${pct(q.targetConfidence)}) |`,
    '',
  );
  if (e.reviews.reviews > 0) {
    md.push(
      `Reviews count towards the cost per quality-adjusted label: an item with a verdict is reached (${q.reachedByReview} only by a verdict), ` +
        `and the verdicts' cost is added; without reviews it would be ${dollars(q.costPerQualityAdjustedLabelWithoutReviews)}.`,
      '',
    );
  }

  md.push('## Gold accuracy by tier', '');
  const tiers = Object.keys(input.goldByTier).sort();
  if (tiers.length === 0) md.push('No gold judgments yet.', '');
  else {
    md.push('| tier | gold judgments | correct | accuracy |', '|---|---|---|---|');
    for (const t of tiers) {
      const g = input.goldByTier[t];
      md.push(`| ${t} | ${g.judgments} | ${g.correct} | ${pct(g.judgments ? g.correct / g.judgments : null)} |`);
    }
    md.push('');
  }
  if (e.goldAccuracy) {
    const r = e.goldAccuracy.reached;
    md.push(
      `Cost per gold item to ${pct(e.goldAccuracy.targetAccuracy)} accuracy: ${r ? `${dollars(r.costPerItemCents)} (${r.depth} judgment${r.depth === 1 ? '' : 's'})` : 'not reached'}.`,
      '',
    );
  }

  md.push('## By tier', '', ...rollupTable(e.rollups.byTier, ['tier']), '');
  md.push('## By tier and domain', '', ...rollupTable(e.rollups.byTierDomain, ['tier', 'domain']), '');
  md.push('## By tutor', '', ...rollupTable(e.rollups.byTutor, ['tutor'], input.tutorNames), '');

  md.push(...reviewsAndCertification(e), '');

  md.push('## Specialists vs generalists', '');
  const compared = new Set(e.tierComparison.map((c) => c.domain));
  const domains = [...new Set(e.rollups.byTierDomain.map((r) => r.key.domain ?? ''))].sort();
  if (e.tierComparison.length > 0) {
    md.push('| domain | gold accuracy S / G | difference (95% CI) | cost per QAL S / G | verdict |', '|---|---|---|---|---|');
    for (const c of e.tierComparison) {
      const d = c.differences.goldAccuracy;
      md.push(
        `| ${cell(c.domain)} | ${pct(c.specialist.values.goldAccuracy)} / ${pct(c.generalist.values.goldAccuracy)} | ` +
          `${d.estimate === null ? 'n/a' : `${(100 * d.estimate).toFixed(1)} pts (${d.lower === null ? '−∞' : (100 * d.lower).toFixed(1)} to ${d.upper === null ? '+∞' : (100 * d.upper).toFixed(1)})`} | ` +
          `${dollars(c.specialist.values.costPerQAL)} / ${dollars(c.generalist.values.costPerQAL)} | ${c.verdict} |`,
      );
    }
    md.push('', ...e.tierComparison.map((c) => `- ${c.summary}`), '');
  }
  const single = domains.filter((d) => !compared.has(d));
  if (single.length > 0)
    md.push(...single.map((d) => `- ${cell(d)}: too little data — specialists and generalists did not both work in this domain.`), '');

  const cats = e.rollups.byTierDomain.map((r) => `${r.key.tier}/${r.key.domain}`);
  const files: ReportFile[] = [
    {
      name: 'cost-by-tier-domain.svg',
      content: barChart({
        title: 'Cost by tier and domain',
        categories: cats,
        yName: 'cost ($)',
        series: [{ name: 'cost', values: e.rollups.byTierDomain.map((r) => r.costCents / 100) }],
      }),
    },
    {
      name: 'judgments-by-tier-domain.svg',
      content: barChart({
        title: 'Judgments by tier and domain',
        categories: cats,
        yName: 'judgments',
        series: [
          { name: 'judgments', values: e.rollups.byTierDomain.map((r) => r.judgments) },
          { name: 'accepted', values: e.rollups.byTierDomain.map((r) => r.accepted) },
        ],
      }),
    },
  ];
  md.push(
    '## Charts',
    '',
    '![Cost by tier and domain](cost-by-tier-domain.svg)',
    '',
    '![Judgments by tier and domain](judgments-by-tier-domain.svg)',
    '',
  );
  return { markdown: md.join('\n'), files };
}

/** Verdicts per reviewer tier × domain (in the total) and certification in the project's domains (apart). */
function reviewsAndCertification(e: ProjectEconomics): string[] {
  const r = e.reviews,
    c = e.certification;
  const md = ['## Reviews and certification', ''];
  md.push(
    `Review cost: ${dollars(r.costCents)} for ${r.reviews} verdict${r.reviews === 1 ? '' : 's'}, priced from each reviewer's pay terms and included in the total ` +
      `(annotations ${dollars(e.annotationCostCents)}).` +
      (r.withoutDuration > 0 ? ` ${r.withoutDuration} reported no time and are priced with duration 0.` : ''),
    '',
  );
  if (r.byTierDomain.length > 0) {
    md.push('| reviewer tier | domain | verdicts | cost | time |', '|---|---|---|---|---|');
    for (const l of r.byTierDomain)
      md.push(`| ${l.tier} | ${cell(l.domain)} | ${l.reviews} | ${dollars(l.costCents)} | ${hours(l.timeMs)} |`);
    md.push('');
  }
  md.push(
    `Certification cost in this project's domains: ${dollars(c.costCents)} — ${c.attempts} submitted exam attempt${c.attempts === 1 ? '' : 's'}, ${c.passed} passed. ` +
      'Exams certify for a domain, not a project, so this is not in the total or the cost per label.',
    '',
  );
  if (c.byDomainTier.length > 0) {
    md.push('| domain | tier | attempts | passed | cost | billable time |', '|---|---|---|---|---|---|');
    for (const l of c.byDomainTier)
      md.push(`| ${cell(l.domain)} | ${l.tier} | ${l.attempts} | ${l.passed} | ${dollars(l.costCents)} | ${hours(l.timeMs)} |`);
  }
  return md;
}

/** The report's "Model, generalist and specialist" section: the tiers side by side per domain (economics/tierMeasures.ts). */
import type { DomainTierMeasures } from '../tierMeasures.js';

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));
const cents = (x: number | null) => (x === null ? '—' : `$${(x / 100).toFixed(x < 100 ? 4 : 2)}`);

export function tierSection(domains: readonly DomainTierMeasures[]): string {
  const md = [
    '## Model, generalist and specialist',
    '',
    "Gold accuracy (Wilson 95 % interval), Cohen's κ with the specialists' consensus (bootstrap 95 % interval), expected",
    'calibration error of the stated confidence (judges only), cost per judgment and per quality-adjusted label.',
    '',
  ];
  if (domains.length === 0) return [...md, 'No judgment yet.', ''].join('\n');
  md.push(
    '| domain | tier | judgments | gold accuracy | κ with specialists | ECE | cost / judgment | cost / QAL |',
    '|---|---|---:|---|---|---:|---:|---:|',
  );
  for (const d of domains)
    for (const t of d.tiers)
      md.push(
        `| ${d.domain} | ${t.tier} | ${t.judgments} | ${t.gold.total ? `${pct(t.gold.value)} [${pct(t.gold.lower)}, ${pct(t.gold.upper)}] of ${t.gold.total}` : '—'} | ${
          t.agreement.kappa === null
            ? '—'
            : `${num(t.agreement.kappa)} [${num(t.agreement.lower)}, ${num(t.agreement.upper)}] over ${t.agreement.pairs}`
        } | ${num(t.calibration.ece)} | ${cents(t.costPerJudgmentCents)} | ${cents(t.costPerQALCents)} |`,
      );
  return [...md, ''].join('\n');
}

/** The report's "Cascade against each tier" section (economics/cascadeVsTiers.ts), for a project that runs a cascade. */
import type { CascadeComparison } from '../cascadeVsTiers.js';

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`);
const cents = (x: number | null) => (x === null ? '—' : `$${(x / 100).toFixed(x < 100 ? 4 : 2)}`);
const name = (who: string) => (who === 'cascade' ? 'cascade' : `${who}s alone`);

export function cascadeSection(c: CascadeComparison | null): string {
  if (c === null) return '';
  const md = [
    '## Cascade against each tier',
    '',
    `On gold, the same ${c.gold.items} items for every row (the gold items every tier of their domain's order judged): a tier alone`,
    'answers with its own judgments, the cascade is replayed with its rule; a quality-adjusted label is a correct one.',
    'AI judges are priced at their model calls, people at their pay.',
    '',
  ];
  if (c.gold.rows.length === 0) md.push('No gold item judged by every tier yet.', '');
  else {
    md.push('| who | items | gold accuracy | cost | cost / item | cost / QAL |', '|---|---:|---|---:|---:|---:|');
    for (const r of c.gold.rows)
      md.push(
        `| ${name(r.who)} | ${r.items} | ${pct(r.accuracy.value)} [${pct(r.accuracy.lower)}, ${pct(r.accuracy.upper)}] (${r.correct} right) | ${cents(r.costCents)} | ${cents(r.costPerItemCents)} | ${cents(r.costPerQALCents)} |`,
      );
    md.push('');
  }
  if (c.production.rows.length > 0) {
    md.push(
      `In production, as the cascade ran (each tier on the items that reached it, so not the same items); the cascade's`,
      `quality-adjusted labels are the items whose final confidence reached ${pct(c.targetConfidence)}.`,
      '',
      '| who | items | agrees with the final consensus | cost | cost / item | cost / QAL |',
      '|---|---:|---|---:|---:|---:|',
    );
    for (const r of c.production.rows)
      md.push(
        `| ${name(r.who)} | ${r.items} | ${r.agreed === null ? `${r.reached} reached the target` : `${r.agreed} of ${r.items}`} | ${cents(r.costCents)} | ${cents(r.costPerItemCents)} | ${cents(r.costPerQALCents)} |`,
      );
    md.push('');
  }
  return md.join('\n');
}

/**
 * Specialists vs generalists, per domain where both worked: gold accuracy of each tier side by side
 * with Wilson intervals, the difference in cost per quality-adjusted label with its bootstrap
 * interval, and per domain the plain-language verdict with every metric in a table.
 */
import { useMemo } from 'react';
import type { DomainComparison, Metric, ProjectEconomicsView } from '../../api/dashboards.js';
import { duration, money } from '../../lib/format.js';
import { Chart } from '../Chart.js';
import { fixed, interval, pct1, TIER_COLORS } from '../quality/format.js';
import { rangeOption } from '../quality/rangeChart.js';
import { managerCostStrings } from '../../strings/managerCost.js';

const S = managerCostStrings.comparison;
const C = managerCostStrings.columns;

const METRICS: { key: Metric; label: string; fmt: (x: number) => string }[] = [
  { key: 'goldAccuracy', label: S.metrics.goldAccuracy, fmt: pct1 },
  { key: 'agreement', label: S.metrics.agreement, fmt: pct1 },
  { key: 'reliability', label: S.metrics.reliability, fmt: (x) => fixed(x, 3) },
  { key: 'speedMs', label: S.metrics.speedMs, fmt: (x) => (x < 0 ? `−${duration(-x)}` : duration(x)) },
  { key: 'costPerQAL', label: S.metrics.costPerQAL, fmt: (x) => (x < 0 ? `−${money(-x)}` : money(x)) },
];

function DomainCard({ c }: { c: DomainComparison }) {
  return (
    <section className="panel comparison" aria-label={S.domainLabel(c.domain)}>
      <h3>{c.domain}</h3>
      <p>
        <strong className="verdict">{c.verdict}</strong>
      </p>
      <p className="small">{c.summary}</p>
      <div className="table-wrap">
        <table aria-label={S.domainLabel(c.domain)}>
          <thead>
            <tr>
              <th scope="col">{S.metric}</th>
              <th scope="col" className="num">
                {S.specialists}
              </th>
              <th scope="col" className="num">
                {S.generalists}
              </th>
              <th scope="col" className="num">
                {S.difference}
              </th>
              <th scope="col">{C.interval}</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => {
              const s = c.specialist.values[m.key],
                g = c.generalist.values[m.key],
                d = c.differences[m.key];
              return (
                <tr key={m.key}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{s === null ? managerCostStrings.na : m.fmt(s)}</td>
                  <td className="num">{g === null ? managerCostStrings.na : m.fmt(g)}</td>
                  <td className="num">{d.estimate === null ? managerCostStrings.na : m.fmt(d.estimate)}</td>
                  <td>
                    {d.lower === null && d.upper === null
                      ? managerCostStrings.none
                      : S.range(d.lower === null ? '−∞' : m.fmt(d.lower), d.upper === null ? '+∞' : m.fmt(d.upper))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="small muted">{S.pools(c.specialist, c.generalist)}</p>
    </section>
  );
}

export function ComparisonSection({ e }: { e: ProjectEconomicsView }) {
  const goldRows = useMemo(
    () =>
      e.byTierDomain
        .filter((r) => r.gold.total > 0)
        .map((r) => ({
          label: S.goldRow(r.domain, r.tier),
          value: r.gold.value,
          lower: r.gold.lower,
          upper: r.gold.upper,
          color: TIER_COLORS[r.tier],
        })),
    [e.byTierDomain],
  );
  const goldOption = useMemo(() => rangeOption(goldRows, { min: 0, max: 1, format: (x) => `${Math.round(100 * x)}%` }), [goldRows]);
  const diffRows = useMemo(
    () => e.tierComparison.map((c) => ({ label: c.domain, ...c.differences.costPerQAL, value: c.differences.costPerQAL.estimate })),
    [e.tierComparison],
  );
  const diffOption = useMemo(
    () => rangeOption(diffRows, { format: (x) => (x < 0 ? `−${money(-x)}` : money(x)), zeroLine: true }),
    [diffRows],
  );
  return (
    <section className="panel" aria-labelledby="comparison-title">
      <h2 id="comparison-title">{S.title}</h2>
      {goldRows.length > 0 && (
        <figure style={{ margin: 0 }}>
          <figcaption className="small muted">{S.goldCaption}</figcaption>
          <Chart
            option={goldOption}
            summary={goldRows.map((r) => `${r.label}: ${pct1(r.value)} (${interval(r.lower, r.upper, pct1)})`).join('; ')}
            height={Math.max(140, 36 * goldRows.length + 48)}
          />
        </figure>
      )}
      {e.tierComparison.length === 0 ? (
        <p className="muted">{S.none}</p>
      ) : (
        <>
          {diffRows.some((r) => r.value !== null) && (
            <figure style={{ margin: 0 }}>
              <figcaption className="small muted">{S.diffCaption}</figcaption>
              <Chart
                option={diffOption}
                summary={e.tierComparison.map((c) => `${c.domain}: ${c.verdict}`).join('; ')}
                height={Math.max(120, 44 * diffRows.length + 40)}
              />
            </figure>
          )}
          <div
            className="comparison-grid"
            style={{ display: 'grid', gap: 'var(--gap)', gridTemplateColumns: 'repeat(auto-fit, minmax(min(420px, 100%), 1fr))' }}
          >
            {e.tierComparison.map((c) => (
              <DomainCard key={c.domain} c={c} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

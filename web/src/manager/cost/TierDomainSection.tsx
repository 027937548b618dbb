/** Cost per label and per quality-adjusted label by tier and domain: grouped bars and the full table. */
import { useMemo } from 'react';
import type { ProjectEconomicsView, TierDomainRow } from '../../api/dashboards.js';
import { money } from '../../lib/format.js';
import { Chart } from '../Chart.js';
import { interval, pct1, TIER_COLORS } from '../quality/format.js';

const TIERS = ['specialist', 'generalist', 'model'] as const;

/** Why a cost per quality-adjusted label is missing, in a word. */
export const qal = (r: Pick<TierDomainRow, 'costPerQAL' | 'gold'>) =>
  r.costPerQAL !== null ? money(r.costPerQAL) : r.gold.total === 0 ? 'no gold' : 'unreachable';

export function TierDomainSection({ e }: { e: ProjectEconomicsView }) {
  const domains = useMemo(() => [...new Set(e.byTierDomain.map((r) => r.domain))].sort(), [e.byTierDomain]);
  const cell = (tier: string, domain: string) => e.byTierDomain.find((r) => r.tier === tier && r.domain === domain);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `cell` reads only e.byTierDomain, which is listed
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? 'n/a' : money(v)) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: domains },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
      series: TIERS.flatMap((tier) => [
        {
          type: 'bar',
          name: `Cost per label, ${tier}s`,
          data: domains.map((d) => cell(tier, d)?.costPerJudgment ?? '-'),
          itemStyle: { color: TIER_COLORS[tier], opacity: 0.55 },
        },
        {
          type: 'bar',
          name: `Cost per quality-adjusted label, ${tier}s`,
          data: domains.map((d) => cell(tier, d)?.costPerQAL ?? '-'),
          itemStyle: { color: TIER_COLORS[tier] },
        },
      ]),
    }),
    [domains, e.byTierDomain],
  );
  const summary = e.byTierDomain
    .map((r) => `${r.domain}, ${r.tier}s: ${money(r.costPerJudgment)} per label, ${qal(r)} per quality-adjusted label`)
    .join('; ');
  return (
    <section className="panel" aria-labelledby="tier-domain-title">
      <h2 id="tier-domain-title">Cost by tier and domain</h2>
      <p className="small muted">
        A quality-adjusted label is one brought to {pct1(e.targetAccuracy)} accuracy: the judgments a pool with this gold accuracy needs for
        a majority to be right that often, times its cost per judgment. “Unreachable” means the pool’s gold accuracy is too low to get
        there.
      </p>
      {e.byTierDomain.length === 0 ? (
        <p className="muted">No judgment yet.</p>
      ) : (
        <>
          <Chart option={option} summary={summary} />
          <div className="table-wrap">
            <table aria-label="Cost by tier and domain">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Judgments
                  </th>
                  <th scope="col" className="num">
                    Accepted
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                  <th scope="col" className="num">
                    Cost per label
                  </th>
                  <th scope="col" className="num">
                    Cost per accepted
                  </th>
                  <th scope="col" className="num">
                    Gold accuracy
                  </th>
                  <th scope="col">95% interval</th>
                  <th scope="col" className="num">
                    Cost per quality-adjusted label
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.byTierDomain.map((r) => (
                  <tr key={`${r.domain}:${r.tier}`}>
                    <td>{r.domain}</td>
                    <td>{r.tier}</td>
                    <td className="num">{r.judgments}</td>
                    <td className="num">{r.accepted}</td>
                    <td className="num">{money(r.costCents)}</td>
                    <td className="num">{money(r.costPerJudgment)}</td>
                    <td className="num">{money(r.costPerAccepted)}</td>
                    <td className="num">{r.gold.total > 0 ? `${pct1(r.gold.value)} (${r.gold.correct}/${r.gold.total})` : 'no gold'}</td>
                    <td>{r.gold.total > 0 ? interval(r.gold.lower, r.gold.upper, pct1) : ''}</td>
                    <td className="num">{qal(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

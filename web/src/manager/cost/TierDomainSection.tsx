/** Cost per label and per quality-adjusted label by tier and domain: grouped bars and the full table. */
import { useMemo } from 'react';
import type { ProjectEconomicsView, TierDomainRow } from '../../api/dashboards.js';
import { money } from '../../lib/format.js';
import { Chart } from '../Chart.js';
import { interval, pct1, TIER_COLORS } from '../quality/format.js';
import { managerCostStrings } from '../../strings/managerCost.js';

const S = managerCostStrings.tierDomain;
const C = managerCostStrings.columns;

const TIERS = ['specialist', 'generalist', 'model'] as const;

/** Why a cost per quality-adjusted label is missing, in a word. */
export const qal = (r: Pick<TierDomainRow, 'costPerQAL' | 'gold'>) =>
  r.costPerQAL !== null ? money(r.costPerQAL) : r.gold.total === 0 ? S.noGold : S.unreachable;

export function TierDomainSection({ e }: { e: ProjectEconomicsView }) {
  const domains = useMemo(() => [...new Set(e.byTierDomain.map((r) => r.domain))].sort(), [e.byTierDomain]);
  const cell = (tier: string, domain: string) => e.byTierDomain.find((r) => r.tier === tier && r.domain === domain);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `cell` reads only e.byTierDomain, which is listed
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? managerCostStrings.na : money(v)),
      },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: domains },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
      series: TIERS.flatMap((tier) => [
        {
          type: 'bar',
          name: S.perLabelSeries(tier),
          data: domains.map((d) => cell(tier, d)?.costPerJudgment ?? '-'),
          itemStyle: { color: TIER_COLORS[tier], opacity: 0.55 },
        },
        {
          type: 'bar',
          name: S.perQALSeries(tier),
          data: domains.map((d) => cell(tier, d)?.costPerQAL ?? '-'),
          itemStyle: { color: TIER_COLORS[tier] },
        },
      ]),
    }),
    [domains, e.byTierDomain],
  );
  const summary = e.byTierDomain
    .map((r) => S.summaryRow({ domain: r.domain, tier: r.tier, perLabel: money(r.costPerJudgment), perQAL: qal(r) }))
    .join('; ');
  return (
    <section className="panel" aria-labelledby="tier-domain-title">
      <h2 id="tier-domain-title">{S.title}</h2>
      <p className="small muted">{S.intro(pct1(e.targetAccuracy))}</p>
      {e.byTierDomain.length === 0 ? (
        <p className="muted">{S.none}</p>
      ) : (
        <>
          <Chart option={option} summary={summary} />
          <div className="table-wrap">
            <table aria-label={S.tableLabel}>
              <thead>
                <tr>
                  <th scope="col">{C.domain}</th>
                  <th scope="col">{C.tier}</th>
                  <th scope="col" className="num">
                    {C.judgments}
                  </th>
                  <th scope="col" className="num">
                    {C.accepted}
                  </th>
                  <th scope="col" className="num">
                    {C.cost}
                  </th>
                  <th scope="col" className="num">
                    {C.costPerLabel}
                  </th>
                  <th scope="col" className="num">
                    {S.costPerAccepted}
                  </th>
                  <th scope="col" className="num">
                    {C.goldAccuracy}
                  </th>
                  <th scope="col">{C.interval}</th>
                  <th scope="col" className="num">
                    {C.costPerQAL}
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
                    <td className="num">{r.gold.total > 0 ? `${pct1(r.gold.value)} (${r.gold.correct}/${r.gold.total})` : S.noGold}</td>
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

/**
 * Model, generalist and specialist side by side per domain (GET /api/projects/:id/tier-measures):
 * gold accuracy with Wilson intervals, κ with the specialists' consensus, calibration of the judges'
 * stated confidence (reliability chart), cost per judgment and per quality-adjusted label; and each
 * judge's bias figures (position consistency, length, self-preference).
 */
import { useMemo } from 'react';
import { judgesApi, type TierMeasures } from '../../api/models.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { money } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { Chart } from '../Chart.js';
import { fixed, interval, pct1, TIER_COLORS } from './format.js';

const cents = (x: number | null) => (x === null ? 'n/a' : money(x));

function ReliabilityChart({ m }: { m: TierMeasures }) {
  const series = m.domains.flatMap((d) =>
    d.tiers
      .filter((t) => t.calibration.judgments > 0)
      .map((t) => ({
        type: 'line',
        name: `${d.domain}, ${t.tier}`,
        data: t.calibration.bins.filter((b) => b.count > 0).map((b) => [b.meanConfidence, b.accuracy]),
        itemStyle: { color: TIER_COLORS[t.tier] },
      })),
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 1, name: 'stated confidence' },
      yAxis: { type: 'value', min: 0, max: 1, name: 'accuracy' },
      series: [
        ...series,
        {
          type: 'line',
          name: 'perfect calibration',
          data: [
            [0, 0],
            [1, 1],
          ],
          lineStyle: { type: 'dashed' },
          symbol: 'none',
        },
      ],
    }),
    [series],
  );
  if (series.length === 0) return null;
  return <Chart option={option} summary="Reliability chart: accuracy of the judges against their stated confidence, per confidence bin" />;
}

export function TiersSection({ projectId }: { projectId: string }) {
  const { data, error, reload } = useAsync(() => judgesApi.tiers(projectId), [projectId]);
  return (
    <section className="panel" aria-labelledby="tiers-title">
      <h2 id="tiers-title">Model, generalist and specialist</h2>
      <ErrorMessage error={error} doing="measure the tiers" onRetry={() => void reload()} />
      {data && data.domains.length === 0 && <p className="muted">No judgment yet.</p>}
      {data && data.domains.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-label="Tiers side by side">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Judgments
                  </th>
                  <th scope="col">Gold accuracy</th>
                  <th scope="col">κ with specialists</th>
                  <th scope="col" className="num">
                    Calibration error
                  </th>
                  <th scope="col" className="num">
                    Cost per judgment
                  </th>
                  <th scope="col" className="num">
                    Cost per quality-adjusted label
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.domains.flatMap((d) =>
                  d.tiers.map((t) => (
                    <tr key={`${d.domain}-${t.tier}`} data-tier={t.tier}>
                      <td>{d.domain}</td>
                      <td>{t.tier}</td>
                      <td className="num">{t.judgments}</td>
                      <td>
                        {t.gold.total
                          ? `${pct1(t.gold.value)} (${interval(t.gold.lower, t.gold.upper, pct1)}, ${t.gold.total} gold)`
                          : 'no gold'}
                      </td>
                      <td>
                        {t.agreement.kappa === null
                          ? 'n/a'
                          : `${fixed(t.agreement.kappa)} ${t.agreement.lower !== null ? `(${interval(t.agreement.lower, t.agreement.upper, (x) => fixed(x))})` : ''}`}
                      </td>
                      <td className="num">{fixed(t.calibration.ece)}</td>
                      <td className="num">{cents(t.costPerJudgmentCents)}</td>
                      <td className="num">{cents(t.costPerQALCents)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          <ReliabilityChart m={data} />
          {data.judges.length > 0 && (
            <ul className="small">
              {data.judges.map((j) => (
                <li key={j.judgeId}>
                  Judge {j.judgeId}: {j.verdicts} verdicts, {j.failed} failed, {j.toHumans} left to people
                  {j.bothOrders > 0 && `; both orders agreed on ${j.consistent} of ${j.bothOrders}`}
                  {j.longerChosenShare !== null && `; chose the longer answer ${pct1(j.longerChosenShare)} of the time`}
                  {j.selfPreferred > 0 && `; chose its own model's answer ${j.selfPreferred} times (self-preference)`}; $
                  {j.costUsd.toFixed(4)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

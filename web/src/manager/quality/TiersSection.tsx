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
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.tiers;
const cents = (x: number | null) => (x === null ? managerQualityStrings.na : money(x));

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
      xAxis: { type: 'value', min: 0, max: 1, name: S.statedConfidence },
      yAxis: { type: 'value', min: 0, max: 1, name: S.accuracy },
      series: [
        ...series,
        {
          type: 'line',
          name: S.perfect,
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
  return <Chart option={option} summary={S.reliabilitySummary} />;
}

export function TiersSection({ projectId }: { projectId: string }) {
  const { data, error, reload } = useAsync(() => judgesApi.tiers(projectId), [projectId]);
  return (
    <section className="panel" aria-labelledby="tiers-title">
      <h2 id="tiers-title">{S.title}</h2>
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && data.domains.length === 0 && <p className="muted">{S.none}</p>}
      {data && data.domains.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-label={S.tableLabel}>
              <thead>
                <tr>
                  <th scope="col">{S.domain}</th>
                  <th scope="col">{S.tier}</th>
                  <th scope="col" className="num">
                    {S.judgments}
                  </th>
                  <th scope="col">{S.goldAccuracy}</th>
                  <th scope="col">{S.kappa}</th>
                  <th scope="col" className="num">
                    {S.calibration}
                  </th>
                  <th scope="col" className="num">
                    {S.costPerJudgment}
                  </th>
                  <th scope="col" className="num">
                    {S.costPerQAL}
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
                        {t.gold.total ? S.gold(pct1(t.gold.value), interval(t.gold.lower, t.gold.upper, pct1), t.gold.total) : S.noGold}
                      </td>
                      <td>
                        {t.agreement.kappa === null
                          ? managerQualityStrings.na
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
                  {S.judge({
                    id: j.judgeId,
                    verdicts: j.verdicts,
                    failed: j.failed,
                    toHumans: j.toHumans,
                    bothOrders: j.bothOrders,
                    consistent: j.consistent,
                    longerChosen: j.longerChosenShare !== null ? pct1(j.longerChosenShare) : null,
                    selfPreferred: j.selfPreferred,
                    costUsd: j.costUsd.toFixed(4),
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Gold accuracy per tutor: Wilson 95% intervals as a range chart, and the same numbers in a table. */
import { useMemo } from 'react';
import type { GoldAccuracy } from '../../api/dashboards.js';
import { Chart } from '../Chart.js';
import { interval, pct1, TIER_COLORS } from './format.js';
import { rangeOption } from './rangeChart.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.gold;

/** Below this many gold judgments an accuracy says little (0 of 1 spans 0–79 %): shown as thin evidence. */
export const THIN_EVIDENCE = 10;
const thin = (total: number) => total < THIN_EVIDENCE;

export function GoldSection({ gold }: { gold: GoldAccuracy }) {
  const tutors = gold.tutors;
  const option = useMemo(
    () =>
      rangeOption(
        tutors.map((t) => ({
          // The counts are in the label, so an interval is never read as a score on its own.
          label: S.chartRow({
            name: t.name,
            tier: t.tier,
            correct: t.overall.correct,
            total: t.overall.total,
            thin: thin(t.overall.total),
          }),
          value: t.overall.value,
          lower: t.overall.lower,
          upper: t.overall.upper,
          color: thin(t.overall.total) ? '#9aa4b2' : TIER_COLORS[t.tier],
        })),
        { min: 0, max: 1, format: (x) => `${Math.round(100 * x)}%` },
      ),
    [tutors],
  );
  const summary = tutors
    .map((t) =>
      S.summaryRow({
        name: t.name,
        correct: t.overall.correct,
        total: t.overall.total,
        accuracy: pct1(t.overall.value),
        interval: interval(t.overall.lower, t.overall.upper, pct1),
      }),
    )
    .join('; ');
  return (
    <section className="panel" aria-labelledby="gold-title">
      <h2 id="gold-title">{S.title}</h2>
      {gold.note && <p className="small muted">{gold.note}</p>}
      {tutors.length === 0 ? (
        <p className="muted">{S.none}</p>
      ) : (
        <>
          <figure style={{ margin: 0 }}>
            <figcaption className="small muted">{S.caption(THIN_EVIDENCE)}</figcaption>
            <Chart option={option} summary={S.chartSummary(summary)} height={Math.max(140, 36 * tutors.length + 48)} />
          </figure>
          <div className="table-wrap">
            <table aria-label={S.tableLabel}>
              <thead>
                <tr>
                  <th scope="col">{S.tutor}</th>
                  <th scope="col">{S.pseudonym}</th>
                  <th scope="col">{S.tier}</th>
                  <th scope="col" className="num">
                    {S.correct}
                  </th>
                  <th scope="col" className="num">
                    {S.accuracy}
                  </th>
                  <th scope="col">{S.interval}</th>
                  <th scope="col">{S.byDomain}</th>
                </tr>
              </thead>
              <tbody>
                {tutors.map((t) => (
                  <tr key={t.userId}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.tutor}</code>
                    </td>
                    <td>{t.tier}</td>
                    <td className="num">
                      {t.overall.correct} / {t.overall.total}
                    </td>
                    <td className="num">
                      {pct1(t.overall.value)}
                      {thin(t.overall.total) && <span className="tag thin">{S.thin}</span>}
                    </td>
                    <td>{interval(t.overall.lower, t.overall.upper, pct1)}</td>
                    <td className="small">
                      {t.byDomain.map((d) => S.domainRow(d.domain, d.correct, d.total, interval(d.lower, d.upper, pct1))).join('; ')}
                    </td>
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

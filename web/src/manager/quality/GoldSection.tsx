/** Gold accuracy per tutor: Wilson 95% intervals as a range chart, and the same numbers in a table. */
import { useMemo } from 'react';
import type { GoldAccuracy } from '../../api/dashboards.js';
import { Chart } from '../Chart.js';
import { interval, pct1, TIER_COLORS } from './format.js';
import { rangeOption } from './rangeChart.js';

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
          label: `${t.name} (${t.tier}): ${t.overall.correct} of ${t.overall.total}${thin(t.overall.total) ? ', thin evidence' : ''}`,
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
    .map(
      (t) =>
        `${t.name}: ${t.overall.correct} of ${t.overall.total} (${pct1(t.overall.value)}, ${interval(t.overall.lower, t.overall.upper, pct1)})`,
    )
    .join('; ');
  return (
    <section className="panel" aria-labelledby="gold-title">
      <h2 id="gold-title">Gold accuracy by tutor</h2>
      {gold.note && <p className="small muted">{gold.note}</p>}
      {tutors.length === 0 ? (
        <p className="muted">No judgment on a gold task yet.</p>
      ) : (
        <>
          <figure style={{ margin: 0 }}>
            <figcaption className="small muted">
              Accuracy on gold with Wilson 95% intervals (weakest lower bound first; colour by tier; grey: fewer than {THIN_EVIDENCE} gold
              judgments, thin evidence)
            </figcaption>
            <Chart option={option} summary={`Gold accuracy by tutor: ${summary}`} height={Math.max(140, 36 * tutors.length + 48)} />
          </figure>
          <div className="table-wrap">
            <table aria-label="Gold accuracy by tutor">
              <thead>
                <tr>
                  <th scope="col">Tutor</th>
                  <th scope="col">Pseudonymous id</th>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Correct
                  </th>
                  <th scope="col" className="num">
                    Accuracy
                  </th>
                  <th scope="col">95% interval</th>
                  <th scope="col">By domain</th>
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
                      {thin(t.overall.total) && <span className="tag thin">thin evidence</span>}
                    </td>
                    <td>{interval(t.overall.lower, t.overall.upper, pct1)}</td>
                    <td className="small">
                      {t.byDomain.map((d) => `${d.domain}: ${d.correct}/${d.total} (${interval(d.lower, d.upper, pct1)})`).join('; ')}
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

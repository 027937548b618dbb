/** Agreement per field: a card per scope (whole project, each domain) with α and κ and their intervals, and α as a range chart. */
import { useMemo } from 'react';
import type { AgreementRow, Measure, ProjectQuality } from '../../api/dashboards.js';
import { Chart } from '../Chart.js';
import { fixed, interval, pct1 } from './format.js';
import { rangeOption } from './rangeChart.js';

const f3 = (x: number) => fixed(x, 3);

function MeasureValue({ name, m }: { name: string; m: Measure }) {
  const ci = interval(m.lower, m.upper, f3);
  return (
    <div className="measure">
      <dt>{name}</dt>
      <dd>
        {m.value === null ? <span className="muted">n/a</span> : f3(m.value)}
        {ci && (
          <span className="small muted" style={{ display: 'block', fontWeight: 400 }}>
            95% CI {ci}
          </span>
        )}
        {m.note && (
          <span className="small muted" style={{ display: 'block', fontWeight: 400 }}>
            {m.note}
          </span>
        )}
      </dd>
    </div>
  );
}

function Card({ row }: { row: AgreementRow }) {
  const title = row.domain ?? 'Whole project';
  return (
    <section className="agreement-card" aria-label={`Agreement, ${title}, ${row.field}`}>
      <h3>{title}</h3>
      <dl>
        <MeasureValue name={`Krippendorff α (${row.level})`} m={row.alpha} />
        <MeasureValue name="Fleiss κ" m={row.fleiss} />
      </dl>
      <p className="small muted">
        {row.items} items with 2+ ratings · {row.ratings} ratings · {row.raters} raters
        {row.singleRated > 0 ? ` · ${row.singleRated} items with one rating left out` : ''}
      </p>
    </section>
  );
}

function FieldBlock({ field, rows }: { field: string; rows: AgreementRow[] }) {
  const option = useMemo(
    () =>
      rangeOption(
        rows.map((r) => ({ label: r.domain ?? 'Whole project', value: r.alpha.value, lower: r.alpha.lower, upper: r.alpha.upper })),
        { min: -1, max: 1, format: (x) => x.toFixed(2), zeroLine: true },
      ),
    [rows],
  );
  const summary = rows
    .map(
      (r) =>
        `${r.domain ?? 'whole project'}: α ${f3(r.alpha.value ?? NaN)}${r.alpha.lower !== null ? ` (${interval(r.alpha.lower, r.alpha.upper, f3)})` : ''}`,
    )
    .join('; ');
  return (
    <div className="agreement-field">
      <h3 className="small muted">On {field}</h3>
      <div className="kpis agreement-cards" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(min(240px, 100%), 1fr))' }}>
        {rows.map((r) => (
          <Card key={`${r.scope}:${r.domain ?? ''}`} row={r} />
        ))}
      </div>
      {rows.some((r) => r.alpha.value !== null) && (
        <figure className="panel">
          <figcaption>Krippendorff α with 95% bootstrap intervals ({field})</figcaption>
          <Chart option={option} summary={`Krippendorff α on ${field}: ${summary}`} height={Math.max(120, 44 * rows.length + 40)} />
        </figure>
      )}
    </div>
  );
}

export function AgreementSection({ agreement }: { agreement: ProjectQuality['agreement'] }) {
  const fields = useMemo(() => {
    const m = new Map<string, AgreementRow[]>();
    for (const r of agreement.rows) m.set(r.field, [...(m.get(r.field) ?? []), r]);
    return [...m];
  }, [agreement.rows]);
  return (
    <section className="panel" aria-labelledby="agreement-title">
      <h2 id="agreement-title">Agreement</h2>
      {agreement.note ? (
        <p className="muted">{agreement.note}</p>
      ) : (
        <p className="small muted">
          Over {agreement.annotations} judgments on production tasks (gold tasks are measured against their answers below). Intervals:
          percentile bootstrap over items, seed {agreement.seed}.
          {agreement.sampledShare !== null
            ? ` Large project: measured on a fixed sample of ${pct1(agreement.sampledShare)} of the items.`
            : ''}
        </p>
      )}
      {fields.map(([field, rows]) => (
        <FieldBlock key={field} field={field} rows={rows} />
      ))}
    </section>
  );
}

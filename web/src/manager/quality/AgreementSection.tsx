/** Agreement per field: a card per scope (whole project, each domain) with α and κ and their intervals, and α as a range chart. */
import { useMemo } from 'react';
import type { AgreementRow, Measure, ProjectQuality } from '../../api/dashboards.js';
import { Chart } from '../Chart.js';
import { fixed, interval, pct1 } from './format.js';
import { rangeOption } from './rangeChart.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.agreement;

const f3 = (x: number) => fixed(x, 3);

function MeasureValue({ name, m }: { name: string; m: Measure }) {
  const ci = interval(m.lower, m.upper, f3);
  return (
    <div className="measure">
      <dt>{name}</dt>
      <dd>
        {m.value === null ? <span className="muted">{managerQualityStrings.na}</span> : f3(m.value)}
        {ci && (
          <span className="small muted" style={{ display: 'block', fontWeight: 400 }}>
            {S.ci(ci)}
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
  const title = row.domain ?? S.wholeProject;
  return (
    <section className="agreement-card" aria-label={S.cardLabel(title, row.field)}>
      <h3>{title}</h3>
      <dl>
        <MeasureValue name={S.alpha(row.level)} m={row.alpha} />
        <MeasureValue name={S.fleiss} m={row.fleiss} />
      </dl>
      <p className="small muted">{S.counts(row)}</p>
    </section>
  );
}

function FieldBlock({ field, rows }: { field: string; rows: AgreementRow[] }) {
  const option = useMemo(
    () =>
      rangeOption(
        rows.map((r) => ({ label: r.domain ?? S.wholeProject, value: r.alpha.value, lower: r.alpha.lower, upper: r.alpha.upper })),
        { min: -1, max: 1, format: (x) => x.toFixed(2), zeroLine: true },
      ),
    [rows],
  );
  const summary = rows
    .map((r) =>
      S.chartRow(
        r.domain ?? S.wholeProjectInline,
        f3(r.alpha.value ?? NaN),
        r.alpha.lower !== null ? interval(r.alpha.lower, r.alpha.upper, f3) : null,
      ),
    )
    .join('; ');
  return (
    <div className="agreement-field">
      <h3 className="small muted">{S.on(field)}</h3>
      <div className="kpis agreement-cards" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(min(240px, 100%), 1fr))' }}>
        {rows.map((r) => (
          <Card key={`${r.scope}:${r.domain ?? ''}`} row={r} />
        ))}
      </div>
      {rows.some((r) => r.alpha.value !== null) && (
        <figure className="panel">
          <figcaption>{S.chartCaption(field)}</figcaption>
          <Chart option={option} summary={S.chartSummary(field, summary)} height={Math.max(120, 44 * rows.length + 40)} />
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
      <h2 id="agreement-title">{S.title}</h2>
      {agreement.note ? (
        <p className="muted">{agreement.note}</p>
      ) : (
        <p className="small muted">
          {S.intro(agreement.annotations, agreement.seed)}
          {agreement.sampledShare !== null ? S.sampled(pct1(agreement.sampledShare)) : ''}
        </p>
      )}
      {fields.map(([field, rows]) => (
        <FieldBlock key={field} field={field} rows={rows} />
      ))}
    </section>
  );
}

/**
 * Certifications granted (by exam, by a manager) and lost (suspended by live gold, revoked) per day
 * over the last 90 days, all domains: stacked bars and a day × domain table.
 */
import { useMemo } from 'react';
import { dashboards, type CertificationDay } from '../../api/dashboards.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { useAsync } from '../../lib/useAsync.js';
import { Chart } from '../Chart.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.certifications;

const DAYS = 90;
type Count = 'grantedByExam' | 'grantedByManager' | 'suspended' | 'revoked';
const SERIES: { key: Count; name: string; stack: string; color: string }[] = [
  { key: 'grantedByExam', name: S.series.grantedByExam, stack: 'granted', color: '#2f7d4f' },
  { key: 'grantedByManager', name: S.series.grantedByManager, stack: 'granted', color: '#8cc9a1' },
  { key: 'suspended', name: S.series.suspended, stack: 'lost', color: '#c92a2a' },
  { key: 'revoked', name: S.series.revoked, stack: 'lost', color: '#f08c8c' },
];

function totalsByDay(rows: readonly CertificationDay[]) {
  const m = new Map<string, Record<Count, number>>();
  for (const r of rows) {
    const t = m.get(r.day) ?? { grantedByExam: 0, grantedByManager: 0, suspended: 0, revoked: 0 };
    for (const s of SERIES) t[s.key] += r[s.key];
    m.set(r.day, t);
  }
  // Every day of the window, quiet ones as 0, so the bars sit on a real time axis.
  const out: ({ day: string } & Record<Count, number>)[] = [];
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const first = [...m.keys()].sort()[0];
  const start = Math.min(today - (DAYS - 1) * 86_400_000, first ? Date.parse(`${first}T00:00:00Z`) : today);
  for (let t = start; t <= today; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, ...(m.get(day) ?? { grantedByExam: 0, grantedByManager: 0, suspended: 0, revoked: 0 }) });
  }
  for (const [day, t] of m) if (day > out[out.length - 1].day) out.push({ day, ...t });
  return out;
}

function Events({ rows }: { rows: CertificationDay[] }) {
  const days = useMemo(() => totalsByDay(rows), [rows]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: s.stack,
        barMaxWidth: 16,
        data: days.map((d) => d[s.key]),
        itemStyle: { color: s.color },
      })),
    }),
    [days],
  );
  if (rows.length === 0) return <p className="muted">{S.none(DAYS)}</p>;
  const sum = (k: Count) => rows.reduce((s, r) => s + r[k], 0);
  const sorted = [...rows].sort((a, b) => b.day.localeCompare(a.day) || a.domain.localeCompare(b.domain));
  return (
    <>
      <Chart
        option={option}
        summary={S.summary(DAYS, {
          grantedByExam: sum('grantedByExam'),
          grantedByManager: sum('grantedByManager'),
          suspended: sum('suspended'),
          revoked: sum('revoked'),
        })}
      />
      <div className="table-wrap">
        <table aria-label={S.tableLabel}>
          <thead>
            <tr>
              <th scope="col">{S.day}</th>
              <th scope="col">{S.domain}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={`${r.day}:${r.domain}`}>
                <td>{r.day}</td>
                <td>{r.domain}</td>
                {SERIES.map((s) => (
                  <td key={s.key} className="num">
                    {r[s.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function CertificationsSection() {
  const { data, error, loading, reload } = useAsync(() => dashboards.certificationEvents(DAYS), []);
  return (
    <section className="panel" aria-labelledby="certs-title">
      <h2 id="certs-title">{S.title}</h2>
      <p className="small muted">{S.scope(DAYS)}</p>
      {loading && data === undefined && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && <Events rows={data} />}
    </section>
  );
}

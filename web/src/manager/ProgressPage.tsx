/** Progress of one project: done / in progress / left, judgments per day, cumulative throughput, per tutor. */
import { useMemo } from 'react';
import { api } from '../api/client.js';
import type { ProjectStats } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { duration } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { Chart } from './Chart.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.progress;

/**
 * Days from the day before the first judgment to the last (or today), with missing days as 0, so the
 * per-day bars show quiet days and the cumulative line starts from zero.
 */
export function fillDays(
  days: { day: string; count: number }[],
  today = new Date().toISOString().slice(0, 10),
): { day: string; count: number }[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.count]));
  const sorted = [...counts.keys()].sort();
  const start = Date.parse(`${sorted[0]}T00:00:00Z`) - 86_400_000;
  // The later of the last day with work and today (ISO days sort as text).
  const endDay = [sorted[sorted.length - 1], today].sort()[1];
  const end = Date.parse(`${endDay}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || (end - start) / 86_400_000 > 3660) return days;
  const out: { day: string; count: number }[] = [];
  for (let t = start; t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

const COLORS = { done: '#2f7d4f', inProgress: '#d08a1a', left: '#9aa4b2', bar: '#3b5bdb', line: '#7048e8' };

export default function ProgressPage({ id }: { id?: string }) {
  const projects = useAsync(() => api.projects(), []);
  const list = projects.data?.projects ?? [];
  const current = id ?? (list[0] ? String(list[0].id) : undefined);

  return (
    <section aria-labelledby="progress-title">
      <div className="page-head">
        <h1 id="progress-title">{S.title}</h1>
        {list.length > 0 && (
          <label className="inline-select">
            {S.project}{' '}
            <select value={current} onChange={(e) => navigate(`/manage/progress/${e.target.value}`)}>
              {list.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorMessage error={projects.error} doing={S.doing} onRetry={() => void projects.reload()} />
      {projects.loading && !projects.data && <Loading />}
      {projects.data && list.length === 0 && (
        <p className="empty">
          {S.none} <Link to="/manage/projects/new">{S.create}</Link>.
        </p>
      )}
      {current && <ProjectProgress key={current} id={current} />}
    </section>
  );
}

function ProjectProgress({ id }: { id: string }) {
  const { data, error, loading, reload } = useAsync(() => api.stats(id), [id]);
  if (loading && !data) return <Loading what={S.loading} />;
  if (!data) return <ErrorMessage error={error} doing={S.loadDoing} onRetry={() => void reload()} />;
  return <ProgressCharts stats={data} />;
}

function ProgressCharts({ stats }: { stats: ProjectStats }) {
  const t = stats.tasks;
  const days = useMemo(() => fillDays(stats.judgmentsPerDay ?? []), [stats.judgmentsPerDay]);
  const statusOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          label: { formatter: '{b}: {c}' },
          // Empty slices are left out so their labels do not pile up on one spot.
          data: [
            { name: S.states.done, value: t.done, itemStyle: { color: COLORS.done } },
            { name: S.states.inProgress, value: t.inProgress, itemStyle: { color: COLORS.inProgress } },
            { name: S.states.left, value: t.left, itemStyle: { color: COLORS.left } },
          ].filter((d) => d.value > 0),
        },
      ],
    }),
    [t.done, t.inProgress, t.left],
  );
  const perDayOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: S.judgments, data: days.map((d) => d.count), itemStyle: { color: COLORS.bar } }],
    }),
    [days],
  );
  const throughputOption = useMemo(() => {
    let sum = 0;
    const cumulative = days.map((d) => (sum += d.count));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: S.soFar, data: cumulative, areaStyle: { opacity: 0.15 }, itemStyle: { color: COLORS.line } }],
    };
  }, [days]);
  const total = days.reduce((a, d) => a + d.count, 0);

  return (
    <div className="progress">
      <dl className="kpis">
        <div>
          <dt>{S.done}</dt>
          <dd>{t.done}</dd>
        </div>
        <div>
          <dt>{S.inProgress}</dt>
          <dd>{t.inProgress}</dd>
        </div>
        <div>
          <dt>{S.left}</dt>
          <dd>{t.left}</dd>
        </div>
        <div>
          <dt>{S.gold}</dt>
          <dd>{t.gold}</dd>
        </div>
        <div>
          <dt>{S.judgments}</dt>
          <dd>{total}</dd>
        </div>
      </dl>
      <p className="muted small">{managerStrings.tally(t)}</p>
      <div className="chart-grid">
        <figure className="panel">
          <figcaption>{S.byState}</figcaption>
          <Chart option={statusOption} summary={S.byStateSummary(t.done, t.inProgress, t.left)} />
        </figure>
        <figure className="panel">
          <figcaption>{S.perDay}</figcaption>
          {days.length === 0 ? (
            <p className="muted">{S.noJudgment}</p>
          ) : (
            <Chart option={perDayOption} summary={days.map((d) => `${d.day}: ${d.count}`).join('; ')} />
          )}
        </figure>
        <figure className="panel wide">
          <figcaption>{S.throughput}</figcaption>
          {days.length === 0 ? (
            <p className="muted">{S.noJudgment}</p>
          ) : (
            <Chart option={throughputOption} summary={S.throughputSummary(total, days.length)} />
          )}
        </figure>
      </div>
      <section className="panel" aria-labelledby="per-tutor-title">
        <h2 id="per-tutor-title">{S.byTutor}</h2>
        {stats.perTutor.length === 0 ? (
          <p className="muted">{S.nobody}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{S.tutor}</th>
                  <th scope="col">{S.tier}</th>
                  <th scope="col" className="num">
                    {S.judgments}
                  </th>
                  <th scope="col" className="num">
                    {S.medianTime}
                  </th>
                </tr>
              </thead>
              <tbody>
                {stats.perTutor.map((r) => (
                  <tr key={r.userId}>
                    <td>{r.name}</td>
                    <td>{r.tier}</td>
                    <td className="num">{r.judgments}</td>
                    <td className="num">{duration(r.medianDurationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

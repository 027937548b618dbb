/** The review queue of a project at a glance: open and decided by reason, median time to decision, overturn share. */
import { dashboards, type ReviewReason } from '../../api/dashboards.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { duration } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { pct1 } from './format.js';

const REASONS: { key: ReviewReason; label: string }[] = [
  { key: 'low_confidence', label: 'Low confidence' },
  { key: 'disagreement', label: 'Disagreement' },
  { key: 'flagged', label: 'Flagged by a tutor' },
];

export function ReviewsSection({ projectId }: { projectId: string }) {
  const { data, error, loading, reload } = useAsync(() => dashboards.reviewSummary(projectId), [projectId]);
  return (
    <section className="panel" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Review queue</h2>
      {loading && data === undefined && <Loading what="Loading the review queue" />}
      <ErrorMessage error={error} doing="load the review queue" onRetry={() => void reload()} />
      {data && (
        <>
          <dl className="kpis">
            <div>
              <dt>Open</dt>
              <dd>{data.open.total}</dd>
            </div>
            <div>
              <dt>Decided</dt>
              <dd>{data.decided.total}</dd>
            </div>
            <div>
              <dt>Median time to decision</dt>
              <dd>{duration(data.medianDecisionMs)}</dd>
            </div>
            <div>
              <dt>Verdicts overturning consensus</dt>
              <dd>{pct1(data.overturnShare)}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table aria-label="Reviews by reason">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Open
                  </th>
                  <th scope="col" className="num">
                    Decided
                  </th>
                </tr>
              </thead>
              <tbody>
                {REASONS.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{data.open[r.key]}</td>
                    <td className="num">{data.decided[r.key]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted">
            {data.overturned} of {data.withModelConsensus} verdicts on tasks with a model consensus overturned it ({data.verdicts} verdicts
            in all).
          </p>
        </>
      )}
    </section>
  );
}

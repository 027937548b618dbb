/** The review queue of a project at a glance: open and decided by reason, median time to decision, overturn share. */
import { dashboards, type ReviewReason } from '../../api/dashboards.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { duration } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { pct1 } from './format.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.reviews;

const REASONS: ReviewReason[] = ['low_confidence', 'disagreement', 'flagged'];

export function ReviewsSection({ projectId }: { projectId: string }) {
  const { data, error, loading, reload } = useAsync(() => dashboards.reviewSummary(projectId), [projectId]);
  return (
    <section className="panel" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{S.title}</h2>
      {loading && data === undefined && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && (
        <>
          <dl className="kpis">
            <div>
              <dt>{S.open}</dt>
              <dd>{data.open.total}</dd>
            </div>
            <div>
              <dt>{S.decided}</dt>
              <dd>{data.decided.total}</dd>
            </div>
            <div>
              <dt>{S.medianTime}</dt>
              <dd>{duration(data.medianDecisionMs)}</dd>
            </div>
            <div>
              <dt>{S.overturning}</dt>
              <dd>{pct1(data.overturnShare)}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table aria-label={S.tableLabel}>
              <thead>
                <tr>
                  <th scope="col">{S.reason}</th>
                  <th scope="col" className="num">
                    {S.open}
                  </th>
                  <th scope="col" className="num">
                    {S.decided}
                  </th>
                </tr>
              </thead>
              <tbody>
                {REASONS.map((r) => (
                  <tr key={r}>
                    <th scope="row">{S.reasons[r]}</th>
                    <td className="num">{data.open[r]}</td>
                    <td className="num">{data.decided[r]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted">{S.overturned(data.overturned, data.withModelConsensus, data.verdicts)}</p>
        </>
      )}
    </section>
  );
}

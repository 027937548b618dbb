/**
 * One task for a manager (GET /api/tasks/:id): what tutors see, the gold answer, every judgment with
 * its tutor, the consensus in force, the review history and the audit trail. Loaded on demand.
 */
import type { TaskDetail } from '../../../src/domain/api/taskDetail.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { dateTime, duration, percent } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const S = strings.taskPage;
const json = (v: unknown) => JSON.stringify(v, null, 2);
const words = (s: string) => s.replaceAll('_', ' ');

export function TaskPage({ id }: { id: string }) {
  const load = useAsync(() => request<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`), [id]);
  if (load.loading && !load.data) return <Loading what={S.loading} />;
  if (!load.data) return <ErrorMessage error={load.error} doing={S.doing} onRetry={() => void load.reload()} />;
  const { task, judgments, consensus, reviews, audit } = load.data;
  return (
    <section aria-labelledby="task-title" className="task-page">
      <p className="crumbs">
        <Link to="/manage/projects">{strings.common.projects}</Link> /{' '}
        <Link to={`/manage/projects/${task.projectId}`}>{task.projectName}</Link> /{' '}
        <Link to={`/manage/projects/${task.projectId}/tasks`}>{S.crumbTasks}</Link> /
      </p>
      <h1 id="task-title">{S.title(task.externalId)}</h1>
      <dl className="kpis" aria-label={S.facts}>
        <Fact name={S.state} value={strings.taskState[task.state] ?? task.state} />
        <Fact name={S.domain} value={task.domain} />
        <Fact name={S.judgments} value={task.isGold ? String(task.judgments) : `${task.judgments} / ${task.needed}`} />
        <Fact name={S.leases} value={String(task.activeLeases)} />
        <Fact name={S.priority} value={String(task.priority)} />
        <Fact name={S.imported} value={dateTime(task.createdAt)} />
      </dl>

      <div className="panel">
        <h2>{S.payload}</h2>
        <pre className="json payload">{json(task.payload)}</pre>
        {task.gold && (
          <>
            <h3>{S.gold}</h3>
            <pre className="json gold">{json(task.gold)}</pre>
          </>
        )}
      </div>

      <div className="panel">
        <h2>{S.consensusTitle}</h2>
        {consensus ? (
          <>
            <p>{S.consensusLine(consensus.method, consensus.source, consensus.annotatorCount)}</p>
            <dl className="kpis">
              <Fact name={S.confidence} value={percent(consensus.confidence)} />
            </dl>
            <pre className="json consensus">{json(consensus.label)}</pre>
          </>
        ) : (
          <p className="empty">{S.noConsensus}</p>
        )}
      </div>

      <div className="panel">
        <h2>{S.judgmentsTitle}</h2>
        {judgments.length === 0 ? (
          <p className="empty">{S.noJudgments}</p>
        ) : (
          <TableWrap label={S.judgmentsTitle}>
            <table className="judgments">
              <thead>
                <tr>
                  <th scope="col">{S.tutor}</th>
                  <th scope="col">{S.answer}</th>
                  <th scope="col" className="num">
                    {S.time}
                  </th>
                  <th scope="col">{S.at}</th>
                </tr>
              </thead>
              <tbody>
                {judgments.map((j) => (
                  <tr key={j.annotationId} className={j.current ? undefined : 'superseded'}>
                    <td>
                      {j.tutor.name}{' '}
                      <span className="muted small">
                        ({j.tutor.pseudonym}, {j.tutor.tier})
                      </span>
                    </td>
                    <td>
                      <code className="answer">{JSON.stringify(j.response)}</code>
                      {!j.current && <span className="muted small"> · {S.corrected}</span>}
                      {j.supersedes !== null && <span className="muted small"> · {S.correction(j.supersedes)}</span>}
                    </td>
                    <td className="num">{duration(j.durationMs)}</td>
                    <td>{dateTime(j.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>

      <div className="panel">
        <h2>{S.reviewsTitle}</h2>
        {reviews.length === 0 ? (
          <p className="empty">{S.noReviews}</p>
        ) : (
          <TableWrap label={S.reviewsTitle}>
            <table className="task-reviews">
              <thead>
                <tr>
                  <th scope="col">{S.reason}</th>
                  <th scope="col">{S.reviewState}</th>
                  <th scope="col">{S.reviewer}</th>
                  <th scope="col">{S.verdict}</th>
                  <th scope="col">{S.at}</th>
                </tr>
              </thead>
              <tbody>
                {reviews.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {words(r.reason)}
                      {r.note && <span className="muted small"> · {r.note}</span>}
                    </td>
                    <td>{r.state}</td>
                    <td>{r.reviewer?.name ?? strings.common.none}</td>
                    <td>
                      {r.verdict ? <code className="answer">{JSON.stringify(r.verdict)}</code> : strings.common.none}
                      {r.comment && <span className="muted small"> · {r.comment}</span>}
                    </td>
                    <td>{dateTime(r.decidedAt ?? r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>

      <div className="panel">
        <h2>{S.auditTitle}</h2>
        {audit.length === 0 ? (
          <p className="empty">{S.noAudit}</p>
        ) : (
          <TableWrap label={S.auditTitle}>
            <table className="task-audit">
              <thead>
                <tr>
                  <th scope="col">{S.at}</th>
                  <th scope="col">{S.actor}</th>
                  <th scope="col">{S.action}</th>
                  <th scope="col">{S.detail}</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((a) => (
                  <tr key={a.id}>
                    <td>{dateTime(a.at)}</td>
                    <td>{a.actor?.name ?? S.system}</td>
                    <td>{a.action}</td>
                    <td>
                      <code className="answer">{JSON.stringify(a.detail)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>
    </section>
  );
}

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

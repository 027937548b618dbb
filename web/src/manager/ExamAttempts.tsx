/** Who took an exam, when, with what score and result: newest first, paged by the server's cursor. */
import { useState } from 'react';
import type { AttemptList } from '../../../src/domain/api/examAttempts.js';
import type { Exam } from '../../../src/domain/api/exams.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { dateTime, percent } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const S = strings.exams;

export function ExamAttempts({ exam }: { exam: Exam }) {
  const [before, setBefore] = useState<number | undefined>(undefined);
  const page = useAsync(
    () => request<AttemptList>(`/api/exams/${exam.id}/attempts${before ? `?before=${before}` : ''}`),
    [exam.id, exam.version, before],
  );
  const data = page.data;
  return (
    <section className="panel" aria-labelledby="attempts-title">
      <h2 id="attempts-title">{S.attemptsOf(exam.name)}</h2>
      {page.loading && !data && <Loading />}
      <ErrorMessage error={page.error} onRetry={() => void page.reload()} />
      {data && data.attempts.length === 0 && <p className="empty">{S.noAttempts}</p>}
      {data && data.attempts.length > 0 && (
        <TableWrap label={S.attemptsOf(exam.name)}>
          <table className="attempts">
            <thead>
              <tr>
                <th scope="col">{S.who}</th>
                <th scope="col">{S.started}</th>
                <th scope="col">{S.submitted}</th>
                <th scope="col" className="num">
                  {S.score}
                </th>
                <th scope="col">{S.result}</th>
                <th scope="col" className="num">
                  {S.version}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.attempts.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.user.name} <span className="muted small">{a.user.email}</span>
                  </td>
                  <td>{dateTime(a.startedAt)}</td>
                  <td>{dateTime(a.submittedAt)}</td>
                  <td className="num">{percent(a.score)}</td>
                  <td>{a.passed === null ? S.open : a.passed ? S.passed : S.failed}</td>
                  <td className="num">{a.examVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data?.nextBefore && (
        <button type="button" onClick={() => setBefore(data.nextBefore!)}>
          {S.older}
        </button>
      )}
    </section>
  );
}

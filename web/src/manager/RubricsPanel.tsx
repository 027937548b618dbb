/**
 * A rubric project's rubrics: the newest version of each item, its status and criteria; an approved
 * one can be revised (its next version's authoring task is opened, with the reason for the author).
 */
import { useState } from 'react';
import { rubricsApi, type RubricVersion } from '../api/rubrics.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const t = strings.rubrics;

export function RubricsPanel({ projectId }: { projectId: number }) {
  const { data, error, loading, reload } = useAsync(() => rubricsApi.list(projectId), [projectId]);
  const [revising, setRevising] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="rubrics-title">
      <h2 id="rubrics-title">{t.title}</h2>
      {loading && !data && <Loading what={t.loading} />}
      <ErrorMessage error={error} doing={t.doing} onRetry={() => void reload()} />
      {notice && <p role="status">{notice}</p>}
      {data && data.rubrics.length === 0 && <p className="muted">{t.none}</p>}
      {data && data.rubrics.length > 0 && (
        <TableWrap label={t.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.item}</th>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.criteria}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {data.rubrics.map((r) => (
                <tr key={r.item} data-rubric={r.item}>
                  <td>{r.item}</td>
                  <td className="num">{r.version}</td>
                  <td>{t.statuses[r.status]}</td>
                  <td>{r.criteria.map((c) => `${c.id}: ${c.text} (${c.weight}${c.essential ? ', essential' : ''})`).join(' · ')}</td>
                  <td>
                    {r.status === 'approved' && revising !== r.item && (
                      <button type="button" onClick={() => setRevising(r.item)} aria-label={t.reviseLabel(r.item)}>
                        {t.revise}
                      </button>
                    )}
                    {revising === r.item && (
                      <ReviseForm
                        rubric={r}
                        projectId={projectId}
                        onDone={(message) => {
                          setRevising(null);
                          setNotice(message);
                          void reload();
                        }}
                        onCancel={() => setRevising(null)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function ReviseForm(props: { rubric: RubricVersion; projectId: number; onDone: (message: string) => void; onCancel: () => void }) {
  const { rubric, projectId, onDone, onCancel } = props;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const out = await rubricsApi.revise(projectId, rubric.item, reason);
      onDone(t.opened(out.authoringTask, out.version));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="revise-form">
      <label>
        {t.reason}
        <textarea value={reason} rows={2} required onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorMessage error={error} doing={t.reviseDoing} />
      <button type="submit" className="primary">
        {t.open(rubric.version + 1)}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </form>
  );
}

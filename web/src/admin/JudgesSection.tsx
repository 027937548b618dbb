/**
 * Admin, Models page: AI judges. Add one (a user of tier model bound to an endpoint), see its endpoint
 * and prompt versions, and edit its prompt for a task type (each save is a new version).
 */
import { useState, type FormEvent } from 'react';
import { judgesApi, type Judge, type ModelEndpoint } from '../api/models.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAsync } from '../lib/useAsync.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.judges;

export function JudgesSection({ endpoints }: { endpoints: ModelEndpoint[] }) {
  const { data, error, reload } = useAsync(() => judgesApi.list(), []);
  const [name, setName] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [editing, setEditing] = useState<{ judge: Judge; taskType: string; template: string } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setActionError(null);
    try {
      await judgesApi.add({ name, endpoint: endpoint || endpoints[0]?.name || '' });
      setName('');
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const savePrompt = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setActionError(null);
    try {
      await judgesApi.setPrompt(editing.judge.id, editing.taskType, editing.template);
      setEditing(null);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const judges = data?.judges ?? [];
  return (
    <section aria-labelledby="judges-title">
      <h2 id="judges-title">{S.title}</h2>
      <p className="muted">{S.intro}</p>
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      <ErrorMessage error={actionError} doing={S.changing} />
      {data && judges.length === 0 && <p className="empty">{S.none}</p>}
      {judges.length > 0 && (
        <div className="table-wrap">
          <table aria-label={S.tableLabel}>
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.endpoint}</th>
                <th scope="col">{S.prompts}</th>
              </tr>
            </thead>
            <tbody>
              {judges.map((j) => (
                <tr key={j.id} data-judge={j.name}>
                  <td>
                    <strong>{j.name}</strong>
                  </td>
                  <td>{j.endpoint}</td>
                  <td>
                    {j.prompts.map((p) => (
                      <button
                        key={p.taskType}
                        type="button"
                        className="link-button"
                        onClick={() => setEditing({ judge: j, taskType: p.taskType, template: p.template })}
                      >
                        {S.promptVersion(p.taskType, p.version)}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <form className="panel form" onSubmit={(e) => void savePrompt(e)} aria-label={S.promptLabel}>
          <label htmlFor="judge-prompt">{S.promptFor(editing.judge.name, editing.taskType)}</label>
          <textarea
            id="judge-prompt"
            rows={8}
            value={editing.template}
            onChange={(e) => setEditing({ ...editing, template: e.target.value })}
          />
          <div>
            <button type="submit">{S.saveVersion}</button>{' '}
            <button type="button" className="link-button" onClick={() => setEditing(null)}>
              {S.cancel}
            </button>
          </div>
        </form>
      )}
      <form className="panel form" onSubmit={(e) => void add(e)} aria-label={S.addLabel}>
        <div className="form-grid">
          <label htmlFor="judge-name">{S.judge}</label>
          <input id="judge-name" required value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="judge-endpoint">{S.endpoint}</label>
          <select id="judge-endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value)}>
            {endpoints.map((e) => (
              <option key={e.id} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" disabled={endpoints.length === 0}>
            {S.add}
          </button>
        </div>
      </form>
    </section>
  );
}

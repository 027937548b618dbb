/**
 * Admin, Models page: AI judges. Add one (a user of tier model bound to an endpoint), see its endpoint
 * and prompt versions, and edit its prompt for a task type (each save is a new version).
 */
import { useState, type FormEvent } from 'react';
import { judgesApi, type Judge, type ModelEndpoint } from '../api/models.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAsync } from '../lib/useAsync.js';

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
      <h2 id="judges-title">AI judges</h2>
      <p className="muted">
        A judge is a tutor of tier “model”: projects that admit that tier send it work through the same routing as people, and it is
        measured beside them on the Quality and Cost pages.
      </p>
      <ErrorMessage error={error} doing="load the judges" onRetry={() => void reload()} />
      <ErrorMessage error={actionError} doing="change the judges" />
      {data && judges.length === 0 && <p className="empty">No judges yet.</p>}
      {judges.length > 0 && (
        <div className="table-wrap">
          <table aria-label="AI judges">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Prompts</th>
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
                        {p.taskType} v{p.version}
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
        <form className="panel form" onSubmit={(e) => void savePrompt(e)} aria-label="Judge prompt">
          <label htmlFor="judge-prompt">
            {editing.judge.name}: prompt for {editing.taskType} tasks
          </label>
          <textarea
            id="judge-prompt"
            rows={8}
            value={editing.template}
            onChange={(e) => setEditing({ ...editing, template: e.target.value })}
          />
          <div>
            <button type="submit">Save as a new version</button>{' '}
            <button type="button" className="link-button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <form className="panel form" onSubmit={(e) => void add(e)} aria-label="Add a judge">
        <div className="form-grid">
          <label htmlFor="judge-name">Judge</label>
          <input id="judge-name" required value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="judge-endpoint">Endpoint</label>
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
            Add judge
          </button>
        </div>
      </form>
    </section>
  );
}

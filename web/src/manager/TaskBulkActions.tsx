/**
 * Bulk actions on the task browser: on the tasks picked on this page, or on every task the filters
 * match, after the server's count is shown and confirmed (the server refuses if the count changed).
 */
import { useState, type FormEvent } from 'react';
import type { TaskActionResult, TaskFilter } from '../../../src/domain/api/taskActions.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { strings } from '../strings/index.js';

const S = strings.bulk;
const ACTIONS = Object.keys(S.actions);
const TAKES_AMOUNT = new Set(['raise_priority', 'reopen']);

interface Props {
  projectId: string;
  selected: number[];
  filter: TaskFilter;
  /** Called after an action changed something, to reload the page. */
  onDone: () => void;
}

export function TaskBulkActions({ projectId, selected, filter, onDone }: Props) {
  const [action, setAction] = useState('raise_priority');
  const [by, setBy] = useState(1);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const base = `/api/projects/${encodeURIComponent(projectId)}`;

  const run = async (target: { taskIds: number[] } | { filter: TaskFilter; expectedCount: number }) => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const body = { action, ...target, ...(TAKES_AMOUNT.has(action) ? { by } : {}) };
      const r = await request<TaskActionResult>(`${base}/task-actions`, { method: 'POST', body, idempotent: true });
      setDone(S.done(S.actions[r.action], r.changed, r.matched));
      setConfirming(null);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const askCount = async () => {
    setError(null);
    setDone('');
    try {
      const q = new URLSearchParams(Object.entries(filter).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
      setConfirming((await request<{ count: number }>(`${base}/task-count?${q}`)).count);
    } catch (e) {
      setError(e);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run({ taskIds: selected });
  };

  return (
    <form className="panel form bulk-actions" aria-label={S.title} onSubmit={onSubmit}>
      <div className="filter-grid">
        <label>
          {S.action}
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {S.actions[a]}
              </option>
            ))}
          </select>
        </label>
        {TAKES_AMOUNT.has(action) && (
          <label>
            {S.by}
            <input type="number" min={1} max={100} value={by} onChange={(e) => setBy(Math.max(1, Number(e.target.value) || 1))} />
          </label>
        )}
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={busy || selected.length === 0}>
          {S.onSelected(selected.length)}
        </button>
        <button type="button" disabled={busy} onClick={() => void askCount()}>
          {S.onFilter}
        </button>
      </div>
      {confirming !== null && (
        <div className="confirm" role="alert">
          {confirming === 0 ? (
            <p>{S.nothing}</p>
          ) : (
            <>
              <p>{S.confirm(S.actions[action], confirming)}</p>
              <div className="actions-row">
                <button type="button" className="primary" disabled={busy} onClick={() => void run({ filter, expectedCount: confirming })}>
                  {S.confirmButton(confirming)}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {S.cancel}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      <ErrorMessage error={error} doing={S.doing} />
      <p role="status" className="muted small">
        {done}
      </p>
    </form>
  );
}

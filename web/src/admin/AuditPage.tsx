/**
 * The audit log, filtered and paged by the server. The filters live in the address (so a filtered
 * view can be shared or reloaded); "Older" follows the server's cursor, "Newer" walks back the
 * cursors already seen.
 */
import { useState, type FormEvent } from 'react';
import { admin, type AuditFilters } from '../api/admin.js';
import { api } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { dateTime } from '../lib/format.js';
import { navigate, useSearch } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';

const PAGE = 50;
const FILTER_KEYS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

/** `datetime-local` values are local times without a zone; the server takes ISO instants. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export default function AuditPage() {
  const search = useSearch();
  const key = search.toString();
  const filters: AuditFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? '']));
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = cursors.key === key ? cursors.stack : [];
  const before = stack[stack.length - 1] ?? '';
  const events = useAsync(() => admin.audit({ ...filters, before, limit: String(PAGE) }), [key, before]);
  const users = useAsync(() => api.users(), []);
  const nameOf = (id: number | null) => (id === null ? 'system' : (users.data?.users.find((u) => u.id === id)?.name ?? `user ${id}`));

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const q = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const raw = String(form.get(k) ?? '').trim();
      const v = k === 'from' || k === 'to' ? toIso(raw) : raw;
      if (v) q.set(k, v);
    }
    navigate(`/audit${q.size ? `?${q}` : ''}`);
  };

  const page = events.data;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form className="panel form audit-filters" aria-label="Filter the audit log" onSubmit={apply} key={key}>
        <div className="filter-grid">
          <label>
            Actor
            <select name="actor" defaultValue={filters.actor}>
              <option value="">anyone</option>
              {users.data?.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </label>
          <label>
            Action <span className="muted small">(or a family: user.)</span>
            <input name="action" defaultValue={filters.action} placeholder="user.update" />
          </label>
          <label>
            Target type
            <input name="targetType" defaultValue={filters.targetType} placeholder="user, project, task…" />
          </label>
          <label>
            Target id
            <input name="targetId" defaultValue={filters.targetId} />
          </label>
          <label>
            From
            <input name="from" type="datetime-local" defaultValue={toLocal(filters.from ?? '')} />
          </label>
          <label>
            Before
            <input name="to" type="datetime-local" defaultValue={toLocal(filters.to ?? '')} />
          </label>
        </div>
        <div className="actions-row">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => navigate('/audit')}>
            Clear
          </button>
        </div>
      </form>
      {events.loading && !page && <Loading what="Loading the audit log" />}
      <ErrorMessage error={events.error} doing="load the audit log" onRetry={() => void events.reload()} />
      {page && page.events.length === 0 && <p className="empty">No event matches these filters.</p>}
      {page && page.events.length > 0 && (
        <div className="table-wrap">
          <table className="audit">
            <caption className="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {page.events.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.at)}</td>
                  <td>{nameOf(e.actor)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.target.type}
                    {e.target.id ? ` ${e.target.id}` : ''}
                  </td>
                  <td className="detail">
                    <code>{JSON.stringify(e.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Audit pages">
        <button type="button" disabled={stack.length === 0} onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}>
          Newer
        </button>
        <span className="muted small">Page {stack.length + 1}</span>
        <button
          type="button"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors({ key, stack: [...stack, String(page.nextCursor)] })}
        >
          Older
        </button>
      </nav>
    </section>
  );
}

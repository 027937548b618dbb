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
import { strings } from '../strings/index.js';

const S = strings.audit;

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
  const nameOf = (id: number | null) => (id === null ? S.system : (users.data?.users.find((u) => u.id === id)?.name ?? S.userN(id)));

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
      <h1 id="audit-title">{S.title}</h1>
      <form className="panel form audit-filters" aria-label={S.filters} onSubmit={apply} key={key}>
        <div className="filter-grid">
          <label>
            {S.actor}
            <select name="actor" defaultValue={filters.actor}>
              <option value="">{S.anyone}</option>
              {users.data?.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </label>
          <label>
            {S.action} <span className="muted small">{S.actionHint}</span>
            <input name="action" defaultValue={filters.action} placeholder="user.update" />
          </label>
          <label>
            {S.targetType}
            <input name="targetType" defaultValue={filters.targetType} placeholder="user, project, task…" />
          </label>
          <label>
            {S.targetId}
            <input name="targetId" defaultValue={filters.targetId} />
          </label>
          <label>
            {S.from}
            <input name="from" type="datetime-local" defaultValue={toLocal(filters.from ?? '')} />
          </label>
          <label>
            {S.before}
            <input name="to" type="datetime-local" defaultValue={toLocal(filters.to ?? '')} />
          </label>
        </div>
        <div className="actions-row">
          <button type="submit" className="primary">
            {S.apply}
          </button>
          <button type="button" onClick={() => navigate('/audit')}>
            {S.clear}
          </button>
        </div>
      </form>
      {events.loading && !page && <Loading what={S.loading} />}
      <ErrorMessage error={events.error} doing={S.doing} onRetry={() => void events.reload()} />
      {page && page.events.length === 0 && <p className="empty">{S.none}</p>}
      {page && page.events.length > 0 && (
        <div className="table-wrap">
          <table className="audit">
            <caption className="visually-hidden">{S.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{S.when}</th>
                <th scope="col">{S.actor}</th>
                <th scope="col">{S.action}</th>
                <th scope="col">{S.target}</th>
                <th scope="col">{S.detail}</th>
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
      <nav className="pager" aria-label={S.pages}>
        <button type="button" disabled={stack.length === 0} onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}>
          {S.newer}
        </button>
        <span className="muted small">{S.page(stack.length + 1)}</span>
        <button
          type="button"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors({ key, stack: [...stack, String(page.nextCursor)] })}
        >
          {S.older}
        </button>
      </nav>
    </section>
  );
}

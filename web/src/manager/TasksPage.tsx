/**
 * A project's tasks, filtered and paged by the server (GET /api/projects/:id/task-list): by state,
 * domain, gold, import id, tutor, consensus confidence and the judgments' agreement. Filters live in the address; pages follow the server's cursor.
 */
import { useState, type FormEvent } from 'react';
import type { TaskFilter } from '../../../src/domain/api/taskActions.js';
import { api, request } from '../api/client.js';
import type { TaskBrowsePage } from '../../../src/domain/api/taskBrowser.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { dateTime } from '../lib/format.js';
import { navigate, useSearch } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { TaskBulkActions } from './TaskBulkActions.js';
import { strings } from '../strings/index.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.tasks;

const PAGE = 50;
const KEYS = [
  'state',
  'domain',
  'gold',
  'q',
  'tutor',
  'confidenceBelow',
  'confidenceAtLeast',
  'agreementBelow',
  'agreementAtLeast',
] as const;

export function TasksPage({ id }: { id: string }) {
  const search = useSearch();
  const key = search.toString();
  const [cursors, setCursors] = useState<{ key: string; stack: number[] }>({ key, stack: [] });
  const stack = cursors.key === key ? cursors.stack : [];
  const after = stack[stack.length - 1] ?? 0;
  const page = useAsync(() => {
    const q = new URLSearchParams(KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : [])));
    q.set('limit', String(PAGE));
    if (after) q.set('after', String(after));
    return request<TaskBrowsePage>(`/api/projects/${encodeURIComponent(id)}/task-list?${q}`);
  }, [id, key, after]);

  const people = useAsync(() => api.users(), []);

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const q = new URLSearchParams();
    for (const k of KEYS) {
      const v = String(form.get(k) ?? '').trim();
      if (v) q.set(k, v);
    }
    navigate(`/manage/projects/${id}/tasks${q.size ? `?${q}` : ''}`);
  };

  const data = page.data;
  const [picked, setPicked] = useState<{ page: string; ids: Set<number> }>({ page: '', ids: new Set() });
  const pageKey = `${key}@${after}`;
  const selected = picked.page === pageKey ? picked.ids : new Set<number>();
  const toggle = (ids: number[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) on ? next.add(id) : next.delete(id);
    setPicked({ page: pageKey, ids: next });
  };
  const filter = Object.fromEntries(KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : []))) as TaskFilter;
  const allPicked = !!data && data.tasks.length > 0 && data.tasks.every((t) => selected.has(t.id));
  return (
    <section aria-labelledby="tasks-title">
      <p className="crumbs">
        <Link to="/manage/projects">{strings.common.projects}</Link> / <Link to={`/manage/projects/${id}`}>{S.crumbProject(id)}</Link> /
      </p>
      <h1 id="tasks-title">{S.title}</h1>
      <form className="panel form" aria-label={S.filterLabel} onSubmit={apply} key={key}>
        <div className="filter-grid">
          <label>
            {S.state}
            <select name="state" defaultValue={search.get('state') ?? ''}>
              <option value="">{S.any}</option>
              <option value="not_started">{strings.taskState.not_started}</option>
              <option value="in_progress">{strings.taskState.in_progress}</option>
              <option value="done">{strings.taskState.done}</option>
            </select>
          </label>
          <label>
            {S.domain}
            <input name="domain" defaultValue={search.get('domain') ?? ''} />
          </label>
          <label>
            {S.gold}
            <select name="gold" defaultValue={search.get('gold') ?? ''}>
              <option value="">{S.goldBoth}</option>
              <option value="true">{S.goldOnly}</option>
              <option value="false">{S.workOnly}</option>
            </select>
          </label>
          <label>
            {S.search}
            <input name="q" defaultValue={search.get('q') ?? ''} />
          </label>
          <label>
            {S.tutor}
            <select name="tutor" defaultValue={search.get('tutor') ?? ''}>
              <option value="">{S.anyone}</option>
              {(people.data?.users ?? [])
                .filter((u) => u.role === 'tutor' || u.role === 'reviewer' || String(u.id) === search.get('tutor'))
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {S.confidenceBelow}
            <input name="confidenceBelow" type="number" min={0} max={1} step={0.01} defaultValue={search.get('confidenceBelow') ?? ''} />
          </label>
          <label>
            {S.confidenceAtLeast}
            <input
              name="confidenceAtLeast"
              type="number"
              min={0}
              max={1}
              step={0.01}
              defaultValue={search.get('confidenceAtLeast') ?? ''}
            />
          </label>
          <label>
            {S.agreementBelow}
            <input name="agreementBelow" type="number" min={0} max={1} step={0.01} defaultValue={search.get('agreementBelow') ?? ''} />
          </label>
          <label>
            {S.agreementAtLeast}
            <input name="agreementAtLeast" type="number" min={0} max={1} step={0.01} defaultValue={search.get('agreementAtLeast') ?? ''} />
          </label>
        </div>
        <div className="actions-row">
          <button type="submit" className="primary">
            {S.apply}
          </button>
          <button type="button" onClick={() => navigate(`/manage/projects/${id}/tasks`)}>
            {S.clear}
          </button>
        </div>
      </form>
      <TaskBulkActions
        projectId={id}
        selected={[...selected]}
        filter={filter}
        onDone={() => {
          setPicked({ page: '', ids: new Set() });
          void page.reload();
        }}
      />
      {page.loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={page.error} doing={S.doing} onRetry={() => void page.reload()} />
      {data && data.tasks.length === 0 && <p className="empty">{S.none}</p>}
      {data && data.tasks.length > 0 && (
        <TableWrap label={S.tableLabel}>
          <table className="tasks">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={S.selectAll}
                    checked={allPicked}
                    onChange={(e) =>
                      toggle(
                        data.tasks.map((t) => t.id),
                        e.target.checked,
                      )
                    }
                  />
                </th>
                <th scope="col">{S.importId}</th>
                <th scope="col">{S.domain}</th>
                <th scope="col">{S.state}</th>
                <th scope="col" className="num">
                  {S.judgments}
                </th>
                <th scope="col" className="num">
                  {S.agreement}
                </th>
                <th scope="col" className="num">
                  {S.leases}
                </th>
                <th scope="col" className="num">
                  {S.priority}
                </th>
                <th scope="col">{S.imported}</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((t) => (
                <tr key={t.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={S.select(t.externalId)}
                      checked={selected.has(t.id)}
                      onChange={(e) => toggle([t.id], e.target.checked)}
                    />
                  </td>
                  <td>
                    <Link to={`/manage/tasks/${t.id}`}>
                      <code>{t.externalId}</code>
                    </Link>
                  </td>
                  <td>{t.domain}</td>
                  <td>{strings.taskState[t.state] ?? t.state}</td>
                  <td className="num">{t.isGold ? t.judgments : S.judgmentsOf(t.judgments, t.needed)}</td>
                  <td className="num">{t.agreement === null ? strings.common.none : S.percent(t.agreement)}</td>
                  <td className="num">{t.activeLeases}</td>
                  <td className="num">{t.priority}</td>
                  <td>{dateTime(t.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav className="pager" aria-label={S.pagesLabel}>
        <button type="button" disabled={stack.length === 0} onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}>
          {S.previous}
        </button>
        <span className="muted small">{S.page(stack.length + 1)}</span>
        <button
          type="button"
          disabled={!data?.nextAfter}
          onClick={() => data?.nextAfter && setCursors({ key, stack: [...stack, data.nextAfter] })}
        >
          {S.next}
        </button>
      </nav>
    </section>
  );
}

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
        <Link to="/manage/projects">Projects</Link> / <Link to={`/manage/projects/${id}`}>Project {id}</Link> /
      </p>
      <h1 id="tasks-title">Tasks</h1>
      <form className="panel form" aria-label="Filter the tasks" onSubmit={apply} key={key}>
        <div className="filter-grid">
          <label>
            State
            <select name="state" defaultValue={search.get('state') ?? ''}>
              <option value="">any</option>
              <option value="not_started">not started</option>
              <option value="in_progress">in progress</option>
              <option value="done">done</option>
            </select>
          </label>
          <label>
            Domain
            <input name="domain" defaultValue={search.get('domain') ?? ''} />
          </label>
          <label>
            Gold
            <select name="gold" defaultValue={search.get('gold') ?? ''}>
              <option value="">both</option>
              <option value="true">gold checks only</option>
              <option value="false">work tasks only</option>
            </select>
          </label>
          <label>
            Import id starts with
            <input name="q" defaultValue={search.get('q') ?? ''} />
          </label>
          <label>
            {strings.tasksPage.tutor}
            <select name="tutor" defaultValue={search.get('tutor') ?? ''}>
              <option value="">{strings.tasksPage.anyone}</option>
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
            {strings.tasksPage.confidenceBelow}
            <input name="confidenceBelow" type="number" min={0} max={1} step={0.01} defaultValue={search.get('confidenceBelow') ?? ''} />
          </label>
          <label>
            {strings.tasksPage.confidenceAtLeast}
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
            {strings.tasksPage.agreementBelow}
            <input name="agreementBelow" type="number" min={0} max={1} step={0.01} defaultValue={search.get('agreementBelow') ?? ''} />
          </label>
          <label>
            {strings.tasksPage.agreementAtLeast}
            <input name="agreementAtLeast" type="number" min={0} max={1} step={0.01} defaultValue={search.get('agreementAtLeast') ?? ''} />
          </label>
        </div>
        <div className="actions-row">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => navigate(`/manage/projects/${id}/tasks`)}>
            Clear
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
      {page.loading && !data && <Loading what="Loading the tasks" />}
      <ErrorMessage error={page.error} doing="load the tasks" onRetry={() => void page.reload()} />
      {data && data.tasks.length === 0 && <p className="empty">No task matches these filters.</p>}
      {data && data.tasks.length > 0 && (
        <TableWrap label={strings.tasksPage.tableLabel}>
          <table className="tasks">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={strings.tasksPage.selectAll}
                    checked={allPicked}
                    onChange={(e) =>
                      toggle(
                        data.tasks.map((t) => t.id),
                        e.target.checked,
                      )
                    }
                  />
                </th>
                <th scope="col">Import id</th>
                <th scope="col">Domain</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Judgments
                </th>
                <th scope="col" className="num">
                  {strings.tasksPage.agreement}
                </th>
                <th scope="col" className="num">
                  Leases
                </th>
                <th scope="col" className="num">
                  Priority
                </th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((t) => (
                <tr key={t.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={strings.tasksPage.select(t.externalId)}
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
                  <td className="num">{t.isGold ? t.judgments : `${t.judgments} / ${t.needed}`}</td>
                  <td className="num">{t.agreement === null ? strings.common.none : `${Math.round(t.agreement * 100)} %`}</td>
                  <td className="num">{t.activeLeases}</td>
                  <td className="num">{t.priority}</td>
                  <td>{dateTime(t.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav className="pager" aria-label="Task pages">
        <button type="button" disabled={stack.length === 0} onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}>
          Previous page
        </button>
        <span className="muted small">Page {stack.length + 1}</span>
        <button
          type="button"
          disabled={!data?.nextAfter}
          onClick={() => data?.nextAfter && setCursors({ key, stack: [...stack, data.nextAfter] })}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}

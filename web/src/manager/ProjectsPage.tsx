/** Every project with its counts; open one to import, pause or export. */
import { useState } from 'react';
import { api } from '../api/client.js';
import type { Project } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.projects;

export function ProjectsPage() {
  const { data, error, loading, reload, setData } = useAsync(() => api.projects(), []);
  const [actionError, setActionError] = useState<unknown>(null);
  const projects = data?.projects ?? [];

  const toggle = async (p: Project) => {
    setActionError(null);
    try {
      const { project } = await api.updateProject(p.id, { status: p.status === 'active' ? 'paused' : 'active' });
      setData({ projects: projects.map((x) => (x.id === p.id ? { ...x, ...project, stats: x.stats } : x)) });
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <section aria-labelledby="projects-title">
      <div className="page-head">
        <h1 id="projects-title">{S.title}</h1>
        <Link to="/manage/projects/new" className="button primary">
          {S.create}
        </Link>
      </div>
      {loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      <ErrorMessage error={actionError} doing={S.changing} />
      {data && projects.length === 0 && <p className="empty">{S.none}</p>}
      {projects.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.type}</th>
                <th scope="col">{S.domains}</th>
                <th scope="col">{S.status}</th>
                <th scope="col" className="num">
                  {S.tasks}
                </th>
                <th scope="col" className="num">
                  {S.gold}
                </th>
                <th scope="col" className="num">
                  {S.done}
                </th>
                <th scope="col" className="num">
                  {S.inProgress}
                </th>
                <th scope="col" className="num">
                  {S.left}
                </th>
                <th scope="col">{S.actions}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => {
                const t = p.stats?.tasks;
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/manage/projects/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{TYPE_NAMES[p.type] ?? p.type}</td>
                    <td>{p.domains.join(', ')}</td>
                    <td>
                      <span className={`status status-${p.status}`}>{p.status}</span>
                    </td>
                    <td className="num">{t?.total ?? '—'}</td>
                    <td className="num">{t?.gold ?? '—'}</td>
                    <td className="num">{t?.done ?? '—'}</td>
                    <td className="num">{t?.inProgress ?? '—'}</td>
                    <td className="num">{t?.left ?? '—'}</td>
                    <td className="row-actions">
                      {p.status !== 'archived' && (
                        <button type="button" onClick={() => void toggle(p)} aria-label={S.toggleLabel(p.status === 'active', p.name)}>
                          {p.status === 'active' ? S.pause : S.resume}
                        </button>
                      )}
                      <Link to={`/manage/progress/${p.id}`}>{S.progress}</Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Every project with its counts; open one to import, pause or export. */
import { useState } from 'react';
import { api } from '../api/client.js';
import type { Project } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';

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
        <h1 id="projects-title">Projects</h1>
        <Link to="/manage/projects/new" className="button primary">
          New project
        </Link>
      </div>
      {loading && !data && <Loading what="Loading projects" />}
      <ErrorMessage error={error} doing="load the projects" onRetry={() => void reload()} />
      <ErrorMessage error={actionError} doing="change the project" />
      {data && projects.length === 0 && <p className="empty">No project yet. Create one, then import its tasks.</p>}
      {projects.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Domains</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Tasks
                </th>
                <th scope="col" className="num">
                  Done
                </th>
                <th scope="col" className="num">
                  Left
                </th>
                <th scope="col">Actions</th>
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
                    <td className="num">{t?.done ?? '—'}</td>
                    <td className="num">{t?.left ?? '—'}</td>
                    <td className="row-actions">
                      {p.status !== 'archived' && (
                        <button
                          type="button"
                          onClick={() => void toggle(p)}
                          aria-label={`${p.status === 'active' ? 'Pause' : 'Resume'} ${p.name}`}
                        >
                          {p.status === 'active' ? 'Pause' : 'Resume'}
                        </button>
                      )}
                      <Link to={`/manage/progress/${p.id}`}>Progress</Link>
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

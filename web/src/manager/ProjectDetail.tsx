/** One project: its settings, counts, import, pause/resume and exports. */
import { Fragment, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { Markdown } from '../components/Markdown.js';
import { TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { ExportPanel } from './ExportPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { LiveSettingsPanel } from './LiveSettingsPanel.js';
import { RubricsPanel } from './RubricsPanel.js';
import { rulesInForce } from './settings/inForce.js';

export function ProjectDetail({ id }: { id: string }) {
  const project = useAsync(() => api.project(id).then((r) => r.project), [id]);
  const stats = useAsync(() => api.stats(id), [id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const p = project.data;

  const setStatus = async (status: 'active' | 'paused' | 'archived') => {
    setActionError(null);
    try {
      const r = await api.updateProject(id, { status });
      project.setData({ ...p!, ...r.project });
    } catch (err) {
      setActionError(err);
    }
  };

  if (project.loading && !p) return <Loading what="Loading the project" />;
  if (!p) return <ErrorMessage error={project.error} doing="load this project" onRetry={() => void project.reload()} />;
  const t = stats.data?.tasks;
  const slug =
    p.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || `project-${p.id}`;

  return (
    <article aria-labelledby="project-title" className="project-detail">
      <p className="crumbs">
        <Link to="/manage/projects">Projects</Link> /
      </p>
      <div className="page-head">
        <h1 id="project-title">
          {p.name} <span className={`status status-${p.status}`}>{p.status}</span>
        </h1>
        <div className="row-actions">
          {p.status === 'active' && (
            <button type="button" onClick={() => void setStatus('paused')}>
              Pause
            </button>
          )}
          {p.status === 'paused' && (
            <button type="button" onClick={() => void setStatus('active')}>
              Resume
            </button>
          )}
          <Link to={`/manage/projects/${p.id}/settings`} className="button">
            Edit settings
          </Link>
          <Link to={`/manage/projects/${p.id}/tasks`} className="button">
            Tasks
          </Link>
          <Link to={`/manage/progress/${p.id}`} className="button">
            Progress
          </Link>
        </div>
      </div>
      <ErrorMessage error={actionError} doing="change the project" />
      <div className="detail-grid">
        <section className="panel" aria-labelledby="settings-title">
          <h2 id="settings-title">Settings in force</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{TYPE_NAMES[p.type] ?? p.type}</dd>
            <dt>Domains</dt>
            <dd>{p.domains.join(', ')}</dd>
            {p.rubric && (
              <>
                <dt>Rubric</dt>
                <dd>{p.rubric.map((a) => `${a.name} (1–${a.scale})`).join(', ')}</dd>
              </>
            )}
            {p.labels && (
              <>
                <dt>Labels</dt>
                <dd>
                  {p.labels.join(', ')}
                  {p.multiLabel ? ' (several allowed)' : ''}
                </dd>
              </>
            )}
            {/* The rules in force, in the same words as the settings page. */}
            {rulesInForce(p).map((r) => (
              <Fragment key={r.topic}>
                <dt>{r.topic}</dt>
                <dd>{r.text}</dd>
              </Fragment>
            ))}
          </dl>
          {p.instructions && (
            <details>
              <summary>Instructions</summary>
              <Markdown text={p.instructions} />
            </details>
          )}
        </section>
        <section className="panel" aria-labelledby="counts-title">
          <h2 id="counts-title">Tasks</h2>
          <ErrorMessage error={stats.error} doing="load the counts" />
          {t ? (
            <dl className="kpis">
              <div>
                <dt>Total</dt>
                <dd>{t.total}</dd>
              </div>
              <div>
                <dt>Done</dt>
                <dd>{t.done}</dd>
              </div>
              <div>
                <dt>In progress</dt>
                <dd>{t.inProgress}</dd>
              </div>
              <div>
                <dt>Left</dt>
                <dd>{t.left}</dd>
              </div>
            </dl>
          ) : (
            !stats.error && <Loading />
          )}
        </section>
      </div>
      {p.type === 'rubric' && <RubricsPanel projectId={p.id} />}
      {p.type === 'conversation' && <LiveSettingsPanel projectId={p.id} />}
      <ImportPanel projectId={p.id} onImported={() => void stats.reload()} />
      <ExportPanel projectId={p.id} type={p.type} slug={slug} />
    </article>
  );
}

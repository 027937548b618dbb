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
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.project;

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

  if (project.loading && !p) return <Loading what={S.loading} />;
  if (!p) return <ErrorMessage error={project.error} doing={S.doing} onRetry={() => void project.reload()} />;
  const t = stats.data?.tasks;
  const slug =
    p.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || `project-${p.id}`;

  return (
    <article aria-labelledby="project-title" className="project-detail">
      <p className="crumbs">
        <Link to="/manage/projects">{S.crumb}</Link> /
      </p>
      <div className="page-head">
        <h1 id="project-title">
          {p.name} <span className={`status status-${p.status}`}>{p.status}</span>
        </h1>
        <div className="row-actions">
          {p.status === 'active' && (
            <button type="button" onClick={() => void setStatus('paused')}>
              {S.pause}
            </button>
          )}
          {p.status === 'paused' && (
            <button type="button" onClick={() => void setStatus('active')}>
              {S.resume}
            </button>
          )}
          <Link to={`/manage/projects/${p.id}/settings`} className="button">
            {S.settings}
          </Link>
          <Link to={`/manage/projects/${p.id}/tasks`} className="button">
            {S.tasks}
          </Link>
          <Link to={`/manage/progress/${p.id}`} className="button">
            {S.progress}
          </Link>
        </div>
      </div>
      <ErrorMessage error={actionError} doing={S.changing} />
      <div className="detail-grid">
        <section className="panel" aria-labelledby="settings-title">
          <h2 id="settings-title">{S.inForce}</h2>
          <dl className="facts">
            <dt>{S.type}</dt>
            <dd>{TYPE_NAMES[p.type] ?? p.type}</dd>
            <dt>{S.domains}</dt>
            <dd>{p.domains.join(', ')}</dd>
            {p.rubric && (
              <>
                <dt>{S.rubric}</dt>
                <dd>{p.rubric.map((a) => S.scale(a.name, a.scale)).join(', ')}</dd>
              </>
            )}
            {p.labels && (
              <>
                <dt>{S.labels}</dt>
                <dd>
                  {p.labels.join(', ')}
                  {p.multiLabel ? S.multiLabel : ''}
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
              <summary>{S.instructions}</summary>
              <Markdown text={p.instructions} />
            </details>
          )}
        </section>
        <section className="panel" aria-labelledby="counts-title">
          <h2 id="counts-title">{S.counts}</h2>
          <ErrorMessage error={stats.error} doing={S.countsDoing} />
          {t ? (
            <dl className="kpis">
              <div>
                <dt>{S.total}</dt>
                <dd>{t.total}</dd>
              </div>
              <div>
                <dt>{S.done}</dt>
                <dd>{t.done}</dd>
              </div>
              <div>
                <dt>{S.inProgress}</dt>
                <dd>{t.inProgress}</dd>
              </div>
              <div>
                <dt>{S.left}</dt>
                <dd>{t.left}</dd>
              </div>
              <div>
                <dt>{S.gold}</dt>
                <dd>{t.gold}</dd>
              </div>
            </dl>
          ) : (
            !stats.error && <Loading />
          )}
          {t && <p className="muted small">{managerStrings.tally(t)}</p>}
        </section>
      </div>
      {p.type === 'rubric' && <RubricsPanel projectId={p.id} />}
      {p.type === 'conversation' && <LiveSettingsPanel projectId={p.id} />}
      <ImportPanel projectId={p.id} onImported={() => void stats.reload()} />
      <ExportPanel projectId={p.id} type={p.type} slug={slug} />
    </article>
  );
}

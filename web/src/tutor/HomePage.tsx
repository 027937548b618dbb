/** The tutor's home: projects open to them with what is left and what they did there, their certifications and recent quality. */
import { Fragment } from 'react';
import { api } from '../api/client.js';
import { myWorkApi, type ProjectProgress } from '../api/myWork.js';
import { qualityApi } from '../api/qualityLoop.js';
import type { ProjectListEntry } from '../api/types.js';
import { useAuth } from '../auth/AuthContext.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { date, percent, TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';
import { AVAILABLE_CAP } from './availableCap.js';
import { workDomains } from '../lib/domains.js';

const t = strings.tutor.home;

export function HomePage() {
  const { me } = useAuth();
  const { data, error, loading, reload } = useAsync(() => api.projects(), []);
  // Best effort: the side panels and progress lines stay quiet if they cannot load.
  const { data: quality } = useAsync(() => qualityApi.myQuality(), []);
  const { data: progress } = useAsync(() => myWorkApi.progress(), []);
  const projects = (data?.projects ?? []).filter((p) => p.status === undefined || p.status === 'active');
  const progressOf = new Map((progress?.projects ?? []).map((p) => [p.projectId, p]));
  const earlier = (progress?.projects ?? []).filter((p) => !p.open);

  return (
    <main id="main" className="page home">
      <h1>{t.title}</h1>
      <div className="home-grid">
        <section aria-labelledby="projects-h" className="home-projects">
          <h2 id="projects-h">{t.projects}</h2>
          {loading && !data && <Loading what={t.loadingProjects} />}
          <ErrorMessage error={error} doing={t.loadProjects} onRetry={() => void reload()} />
          {data && projects.length === 0 && <p className="empty">{t.noProjects}</p>}
          <ul className="project-cards">
            {projects.map((p) => (
              <ProjectCard key={p.id} project={p} progress={progressOf.get(p.id)} />
            ))}
          </ul>
        </section>
        <aside className="home-side">
          <section aria-labelledby="my-work-h" className="panel">
            <h2 id="my-work-h">{t.myWorkTitle}</h2>
            <p className="muted small">{t.myWorkIntro}</p>
            {earlier.length > 0 && (
              <>
                <h3 className="small">{t.earlier}</h3>
                <ul className="earlier-projects">
                  {earlier.map((p) => (
                    <li key={p.projectId}>
                      {p.name}: <span className="muted">{t.yourProgress(p.judged, p.skipped)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Link to="/my-work">{t.myWorkLink}</Link>
          </section>
          <section aria-labelledby="certs-h" className="panel">
            <h2 id="certs-h">{t.certifications}</h2>
            {me && me.certifications.length === 0 && <p className="muted">{t.noCertifications}</p>}
            <ul className="cert-list">
              {me?.certifications.map((c) => (
                <li key={c.domain}>
                  <span className="tag">{c.domain}</span> level {c.level}
                  <span className="muted">
                    {' '}
                    · {c.source === 'exam' ? t.byExam : t.granted} {date(c.grantedAt)}
                  </span>
                </li>
              ))}
            </ul>
            <p className="muted small">
              {t.tier}: {me?.user.tier} · {t.domains}: {workDomains(me?.user.domains ?? [], me?.certifications ?? []) || t.anyDomain}
            </p>
          </section>
          <section aria-labelledby="quality-h" className="panel">
            <h2 id="quality-h">{t.recentQuality}</h2>
            {quality?.gold.length ? (
              <dl className="facts">
                {quality.gold.map((g) => (
                  <Fragment key={g.domain}>
                    <dt>{g.domain}</dt>
                    <dd>{t.goldLine(percent(g.accuracy.estimate), g.goldTotal)}</dd>
                  </Fragment>
                ))}
              </dl>
            ) : (
              <p className="muted">{t.notMeasured}</p>
            )}
            <Link to="/quality">{t.qualityLink}</Link>
          </section>
        </aside>
      </div>
    </main>
  );
}

function ProjectCard({ project: p, progress }: { project: ProjectListEntry; progress: ProjectProgress | undefined }) {
  const left = p.available ?? p.stats?.tasks?.left;
  const shown = p.available !== undefined && p.available >= AVAILABLE_CAP ? `${AVAILABLE_CAP}+` : left;
  const none = left === 0;
  return (
    <li className="project-card panel">
      <h3>{p.name}</h3>
      <p className="muted">
        {TYPE_NAMES[p.type] ?? p.type} · {p.domains.join(', ')}
      </p>
      <p>
        <strong>{shown ?? '?'}</strong> {t.tasksLeft(left ?? 0)}
      </p>
      {progress && (progress.judged > 0 || progress.skipped > 0) && (
        <p className="muted small progress">
          <Link to={`/my-work?project=${p.id}`}>{t.yourProgress(progress.judged, progress.skipped)}</Link>
        </p>
      )}
      {none ? (
        <span className="muted">{t.nothingLeft}</span>
      ) : (
        <Link to={`/work/${p.id}`} className="button primary" aria-label={t.startLabel(p.name)}>
          {t.start}
        </Link>
      )}
      {p.type === 'conversation' && (
        <Link to={`/live/${p.id}`} className="button" aria-label={strings.live.openLabel(p.name)}>
          {strings.live.open}
        </Link>
      )}
    </li>
  );
}

/** The tutor's home: projects open to them with what is left, their certifications and recent quality. */
import { Fragment } from 'react';
import { api } from '../api/client.js';
import { qualityApi } from '../api/qualityLoop.js';
import type { ProjectListEntry } from '../api/types.js';
import { useAuth } from '../auth/AuthContext.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { date, percent, TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { AVAILABLE_CAP } from './availableCap.js';
import { workDomains } from '../lib/domains.js';
import { strings } from '../strings/index.js';

export function HomePage() {
  const { me } = useAuth();
  const { data, error, loading, reload } = useAsync(() => api.projects(), []);
  // Best effort: the side panel stays quiet if it cannot load.
  const { data: quality } = useAsync(() => qualityApi.myQuality(), []);
  const projects = (data?.projects ?? []).filter((p) => p.status === undefined || p.status === 'active');

  return (
    <main id="main" className="page home">
      <h1>Your work</h1>
      <div className="home-grid">
        <section aria-labelledby="projects-h" className="home-projects">
          <h2 id="projects-h">Projects</h2>
          {loading && !data && <Loading what="Loading your projects" />}
          <ErrorMessage error={error} doing="load your projects" onRetry={() => void reload()} />
          {data && projects.length === 0 && (
            <p className="empty">No project is open to you right now. When a manager opens one for your domains, it appears here.</p>
          )}
          <ul className="project-cards">
            {projects.map((p) => (
              <ProjectCard key={p.id} project={p} />
            ))}
          </ul>
        </section>
        <aside className="home-side">
          <section aria-labelledby="certs-h" className="panel">
            <h2 id="certs-h">Certifications</h2>
            {me && me.certifications.length === 0 && <p className="muted">None yet.</p>}
            <ul className="cert-list">
              {me?.certifications.map((c) => (
                <li key={c.domain}>
                  <span className="tag">{c.domain}</span> level {c.level}
                  <span className="muted">
                    {' '}
                    · {c.source === 'exam' ? 'by exam' : 'granted'} {date(c.grantedAt)}
                  </span>
                </li>
              ))}
            </ul>
            <p className="muted small">
              Tier: {me?.user.tier} · Domains: {workDomains(me?.user.domains ?? [], me?.certifications ?? []) || 'any your tier is open to'}
            </p>
          </section>
          <section aria-labelledby="quality-h" className="panel">
            <h2 id="quality-h">Recent quality</h2>
            {quality?.gold.length ? (
              <dl className="facts">
                {quality.gold.map((g) => (
                  <Fragment key={g.domain}>
                    <dt>{g.domain}</dt>
                    <dd>
                      {percent(g.accuracy.estimate)} on {g.goldTotal} check {g.goldTotal === 1 ? 'task' : 'tasks'}
                    </dd>
                  </Fragment>
                ))}
              </dl>
            ) : (
              <p className="muted">Not measured yet. Your accuracy on check tasks will show here.</p>
            )}
            <Link to="/quality">My quality, practice and exams</Link>
          </section>
        </aside>
      </div>
    </main>
  );
}

function ProjectCard({ project: p }: { project: ProjectListEntry }) {
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
        <strong>{shown ?? '?'}</strong> {left === 1 ? 'task' : 'tasks'} left for you
      </p>
      {none ? (
        <span className="muted">Nothing left — check back later.</span>
      ) : (
        <Link to={`/work/${p.id}`} className="button primary" aria-label={`Start working on ${p.name}`}>
          Start
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

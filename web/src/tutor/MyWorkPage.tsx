/**
 * My work: the tutor's own submitted answers, read-only, newest first, a page at a time (the server's
 * keyset cursor; "Newer" steps back through the cursors already seen), filtered by project, with their
 * progress per project above. Only their own answers ever reach this page (GET /api/me/submissions).
 */
import { useState } from 'react';
import { myWorkApi, type Submission } from '../api/myWork.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { TableWrap } from '../components/TableWrap.js';
import { dateTime, TYPE_NAMES } from '../lib/format.js';
import { navigate, useSearch } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';
import { AnswerSummary } from './practice/AnswerSummary.js';
import { payloadSummary } from './payloadSummary.js';
import './myWork.css';

const t = strings.tutor.myWork;
const PAGE_SIZE = 10;

export default function MyWorkPage() {
  const projectParam = useSearch().get('project');
  const project = projectParam && /^\d+$/.test(projectParam) ? Number(projectParam) : undefined;
  const progress = useAsync(() => myWorkApi.progress(), []);
  const projects = progress.data?.projects ?? [];

  return (
    <main id="main" className="page my-work">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <ErrorMessage error={progress.error} doing={t.load} onRetry={() => void progress.reload()} />
      {projects.length > 0 && (
        <section aria-labelledby="progress-h" className="panel">
          <h2 id="progress-h">{t.progressTitle}</h2>
          <TableWrap label={t.progressTitle}>
            <table className="progress-table">
              <thead>
                <tr>
                  <th scope="col">{t.project}</th>
                  <th scope="col">{t.judged}</th>
                  <th scope="col">{t.skipped}</th>
                  <th scope="col">{t.left}</th>
                </tr>
              </thead>
              <tbody>
                {projects.map((p) => (
                  <tr key={p.projectId}>
                    <th scope="row">
                      {p.name} {!p.open && <span className="muted small">({t.closed})</span>}
                    </th>
                    <td>{p.judged}</td>
                    <td>{p.skipped}</td>
                    <td>{p.left >= 100 ? '100+' : p.left}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
      <div className="my-work-filter">
        <label htmlFor="my-work-project">{t.project}</label>
        <select
          id="my-work-project"
          value={project === undefined ? '' : String(project)}
          onChange={(e) => navigate(e.target.value ? `/my-work?project=${e.target.value}` : '/my-work', { replace: true })}
        >
          <option value="">{t.allProjects}</option>
          {projects.map((p) => (
            <option key={p.projectId} value={String(p.projectId)}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {/* Keyed by the filter: a new filter starts again at the newest page. */}
      <SubmissionPages key={String(project)} project={project} />
    </main>
  );
}

function SubmissionPages({ project }: { project: number | undefined }) {
  /** The cursor of each page seen so far: [null] is the newest page. */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => myWorkApi.submissions({ project, cursor, limit: PAGE_SIZE }), [project, cursor]);
  const items = page.data?.submissions ?? [];
  const next = page.data?.nextCursor ?? null;

  return (
    <section aria-labelledby="answers-h">
      <h2 id="answers-h" className="visually-hidden">
        {t.listLabel}
      </h2>
      {page.loading && !page.data && <Loading what={t.loading} />}
      <ErrorMessage error={page.error} doing={t.load} onRetry={() => void page.reload()} />
      {page.data && items.length === 0 && cursors.length === 1 && (
        <p className="empty">{project === undefined ? t.none : t.noneInProject}</p>
      )}
      <ol className="submissions" aria-label={t.listLabel}>
        {items.map((s) => (
          <SubmissionCard key={s.annotationId} s={s} />
        ))}
      </ol>
      <nav className="pager" aria-label={t.paging}>
        <button type="button" disabled={cursors.length === 1 || page.loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t.newer}
        </button>
        <span className="muted">{t.page(cursors.length)}</span>
        <button type="button" disabled={!next || page.loading} onClick={() => next && setCursors((c) => [...c, next])}>
          {t.older}
        </button>
      </nav>
    </section>
  );
}

function SubmissionCard({ s }: { s: Submission }) {
  return (
    <li className="submission panel" data-annotation-id={String(s.annotationId)}>
      <p className="muted small">
        <strong>{s.projectName}</strong> · {TYPE_NAMES[s.type] ?? s.type} · <span className="tag">{s.domain}</span> {t.task}{' '}
        {String(s.taskId)} · {t.submittedAt} <time dateTime={s.submittedAt}>{dateTime(s.submittedAt)}</time>
      </p>
      <p className="submission-prompt">{payloadSummary(s.payload)}</p>
      <AnswerSummary type={s.type} answer={s.response} payload={s.payload} label={t.yourAnswer} />
    </li>
  );
}

/**
 * My quality: accuracy on check (gold) tasks per domain with its Wilson interval, certifications
 * (active, or suspended with the reason and date), notifications with mark-as-read, reviewers'
 * feedback on my answers, and practice progress. Only the tutor's own numbers: no gold is shown.
 */
import { useState } from 'react';
import { qualityApi, type MyCertification, type Notification, type ReviewFeedback } from '../../api/qualityLoop.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { date, dateTime, percent, TYPE_NAMES } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { AnswerSummary } from '../practice/AnswerSummary.js';
import { ExamAction } from '../practice/PracticePage.js';
import { IntervalBar } from './IntervalBar.js';
import { NOTIFICATIONS_READ } from './UnreadBadge.js';

const day = (iso: string | null | undefined) => date(iso);

export function MyQualityPage() {
  const quality = useAsync(() => qualityApi.myQuality(), []);
  const q = quality.data;
  return (
    <main id="main" className="page my-quality">
      <h1>My quality</h1>
      <ErrorMessage error={quality.error} doing="load your quality" onRetry={() => void quality.reload()} />
      {quality.loading && !q && <Loading what="Loading your quality" />}
      <div className="quality-grid">
        <section className="panel" aria-labelledby="gold-h">
          <h2 id="gold-h">Accuracy on check tasks</h2>
          <p className="muted small">
            Some tasks have a known answer. Your accuracy on them, per domain, with a 95% interval: the fewer answers, the wider it is.
          </p>
          {q && q.gold.length === 0 && <p className="muted">Not measured yet.</p>}
          <ul className="gold-list">
            {q?.gold.map((g) => (
              <li key={g.domain}>
                <h3>
                  <span className="tag">{g.domain}</span>{' '}
                  <span className="muted small">
                    {g.goldCorrect} of {g.goldTotal} right
                  </span>
                </h3>
                <IntervalBar
                  label={`Accuracy in ${g.domain}`}
                  estimate={g.accuracy.estimate}
                  lower={g.accuracy.lower}
                  upper={g.accuracy.upper}
                  n={g.goldTotal}
                  mark={g.threshold ?? undefined}
                  markLabel="keep above"
                />
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="certs-h">
          <h2 id="certs-h">Certifications</h2>
          {q && q.certifications.length === 0 && (
            <p className="muted">
              None yet. <Link to="/practice">Practise and take an exam</Link> to earn one.
            </p>
          )}
          <ul className="cert-status-list">
            {q?.certifications.map((c) => (
              <CertificationRow key={`${c.domain}-${c.grantedAt}`} c={c} />
            ))}
          </ul>
        </section>
        <Notifications />
        <section className="panel" aria-labelledby="practice-h">
          <h2 id="practice-h">Practice</h2>
          {q && q.practice.length === 0 && (
            <p className="muted">
              No practice yet. <Link to="/practice">Start practising</Link>.
            </p>
          )}
          <ul className="gold-list">
            {q?.practice.map((d) => (
              <li key={d.domain}>
                <h3>
                  <span className="tag">{d.domain}</span>{' '}
                  <span className="muted small">
                    {d.answered} answered, {d.correct} right
                  </span>
                </h3>
                <IntervalBar
                  label={`Recent practice accuracy in ${d.domain}`}
                  estimate={d.recent.estimate}
                  lower={d.recent.lower}
                  upper={d.recent.upper}
                  n={d.recent.answered ?? d.answered}
                  mark={d.exam?.passMark}
                  markLabel="pass mark"
                />
                <ExamAction d={d} />
              </li>
            ))}
          </ul>
        </section>
        <Feedback />
      </div>
    </main>
  );
}

function CertificationRow({ c }: { c: MyCertification }) {
  const active = c.status === 'active';
  return (
    <li className={`cert-status ${c.status}`}>
      <div>
        <span className="tag">{c.domain}</span> level {c.level} <span className={`status status-${c.status}`}>{c.status}</span>
      </div>
      <p className="muted small">
        {c.source === 'exam' ? `By exam${c.score !== null ? ` (${percent(c.score)})` : ''}` : 'Granted'} on {day(c.grantedAt)}
      </p>
      {!active && (
        <p className="cert-reason">
          {c.status === 'suspended' ? 'Suspended' : 'Revoked'} on {day(c.revokedAt)}
          {c.reason ? `: ${reasonText(c.reason)}` : ''}
        </p>
      )}
    </li>
  );
}

/** Suspension reasons are stored as "suspended: …"; the status already says so. */
const reasonText = (r: string) => r.replace(/^suspended:\s*/i, '');

const KIND_NAMES: Record<string, string> = {
  'certification.suspended': 'Certification suspended',
  'certification.granted': 'Certification',
  'review.verdict': 'Review',
  'exam.result': 'Exam',
};

function Notifications() {
  const list = useAsync(() => qualityApi.notifications(), []);
  const [error, setError] = useState<unknown>(null);
  const items: Notification[] = list.data?.notifications ?? [];
  const unread = items.filter((n) => !n.read);
  const markAll = async () => {
    if (unread.length === 0) return;
    setError(null);
    try {
      await qualityApi.markRead(Math.max(...items.map((n) => n.id)));
      list.setData((d) => d && { ...d, notifications: d.notifications.map((n) => ({ ...n, read: true })) });
      window.dispatchEvent(new Event(NOTIFICATIONS_READ));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="notes-h">
      <div className="panel-head">
        <h2 id="notes-h">
          Notifications{' '}
          {unread.length > 0 && (
            <span className="count-badge">
              {unread.length}
              <span className="visually-hidden"> unread</span>
            </span>
          )}
        </h2>
        <button type="button" onClick={() => void markAll()} disabled={unread.length === 0}>
          Mark all as read
        </button>
      </div>
      {list.loading && !list.data && <Loading what="Loading notifications" />}
      <ErrorMessage error={list.error ?? error} doing="load your notifications" onRetry={() => void list.reload()} />
      {list.data && items.length === 0 && <p className="muted">Nothing yet.</p>}
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <p className="small muted">
              {!n.read && <span className="visually-hidden">Unread: </span>}
              {KIND_NAMES[n.kind] ?? n.kind} · {dateTime(n.createdAt)}
            </p>
            <p className="notification-message">{n.message}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Feedback() {
  const fb = useAsync(() => qualityApi.myFeedback(), []);
  const items: ReviewFeedback[] = fb.data?.feedback ?? [];
  return (
    <section className="panel wide" aria-labelledby="feedback-h">
      <h2 id="feedback-h">Reviewers' feedback</h2>
      <p className="muted small">When a reviewer decides a task you worked on, their answer and comment appear here next to yours.</p>
      {fb.loading && !fb.data && <Loading what="Loading feedback" />}
      <ErrorMessage error={fb.error} doing="load reviewers' feedback" onRetry={() => void fb.reload()} />
      {fb.data && items.length === 0 && <p className="muted">No reviews of your work yet.</p>}
      <ul className="feedback-list">
        {items.map((f) => (
          <li key={f.reviewId} className={`feedback-item ${f.matched === false ? 'wrong' : f.matched ? 'right' : ''}`}>
            <p className="small muted">
              <span className="tag">{f.domain}</span> {TYPE_NAMES[f.type] ?? f.type}
              {f.projectName ? ` · ${f.projectName}` : ''} · task {f.taskId} · {day(f.decidedAt)}
              {f.matched !== null && (
                <strong className={f.matched ? 'success' : 'mismatch'}>
                  {' '}
                  · {f.matched ? 'you matched the verdict' : 'the verdict differs from your answer'}
                </strong>
              )}
            </p>
            <div className="two-col">
              <div>
                <h3 className="section-title">Your answer</h3>
                <AnswerSummary type={f.type} answer={f.mine} payload={f.payload} label="Your answer" />
              </div>
              <div>
                <h3 className="section-title">Reviewer's verdict</h3>
                <AnswerSummary type={f.type} answer={f.verdict} payload={f.payload} label="Reviewer's verdict" />
              </div>
            </div>
            {f.comment && (
              <p className="review-comment">
                <span className="muted">Comment: </span>
                {f.comment}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

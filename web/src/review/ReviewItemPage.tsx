/**
 * One review item: why it is here, the task in its renderer (where the reviewer's verdict is given,
 * with the same keys as the workspace), every annotation under a pseudonymous tutor id, the current
 * consensus, and a comment for the tutors. Ctrl+Enter records the verdict; the item leaves the queue.
 */
import { useRef, useState } from 'react';
import { qualityApi, type ReviewItem } from '../api/qualityLoop.js';
import type { TutorTask } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { percent } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { AnswerSummary } from '../tutor/practice/AnswerSummary.js';
import { buildResponse, initialDraft, projectFor, QuestionView, type Draft } from '../tutor/practice/QuestionView.js';
import { REASONS } from './ReviewQueue.js';
import { strings } from '../strings/index.js';

const S = strings.review.item;

export function ReviewItemPage({ id }: { id: string }) {
  // The queue is the source (no single-item route): find this item among the open ones.
  const item = useAsync(async () => {
    const { reviews } = await qualityApi.reviews({ state: 'open' });
    return { r: reviews.find((x) => String(x.id) === id) ?? null };
  }, [id]);

  return (
    <main id="main" className="page review-item">
      <p className="crumbs">
        <Link to="/review">{S.crumb}</Link> /
      </p>
      {item.loading && !item.data && <Loading what={S.opening} />}
      <ErrorMessage error={item.error} doing={S.doing} onRetry={() => void item.reload()} />
      {item.data && !item.data.r && (
        <>
          <h1>{S.title(id)}</h1>
          <p className="empty">
            {S.gone} <Link to="/review">{S.back}</Link>.
          </p>
        </>
      )}
      {item.data?.r && <ReviewDetail key={item.data.r.id} r={item.data.r} />}
    </main>
  );
}

function ReviewDetail({ r }: { r: ReviewItem }) {
  const task: TutorTask = { id: r.task.id, type: r.task.type, domain: r.task.domain, payload: r.task.payload };
  const project = projectFor(r.task.type, r.task.domain, r.project);
  const [value, setValue] = useState<Draft>(() => initialDraft(task, project));
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  // When the item opened: the verdict reports the time since, so hourly reviewers are paid for it.
  const openedAt = useRef(Date.now());

  const submit = async () => {
    if (busyRef.current) return;
    const built = buildResponse(task, project, value);
    if ('missing' in built) {
      setNotice(built.missing);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      const durationMs = Math.min(Math.max(0, Date.now() - openedAt.current), 24 * 3_600_000);
      await qualityApi.verdict(r.id, built.response, comment.trim(), durationMs);
      navigate('/review?decided=1');
    } catch (err) {
      setError(err);
      busyRef.current = false;
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{S.heading(r.projectName)}</h1>
      <p className="muted">
        <span className={`reason reason-${r.reason}`}>{REASONS[r.reason] ?? r.reason}</span> · <span className="tag">{r.task.domain}</span>{' '}
        · {S.task(r.task.id)}
      </p>
      {r.note && (
        <p className="review-note">
          <span className="muted">{S.tutorNote}</span>
          {r.note}
        </p>
      )}
      <div className="review-layout">
        <section className="review-evidence" aria-labelledby="annotations-h">
          <h2 id="annotations-h">{S.annotations(r.annotations.length)}</h2>
          {r.annotations.length === 0 && <p className="muted">{S.noAnnotation}</p>}
          <ul className="annotation-list">
            {r.annotations.map((a, k) => (
              <li key={a.annotationId ?? k} className={`panel annotation ${a.flagged ? 'flagged' : ''}`}>
                <p className="small muted">
                  {S.tutor} <code className="pseudonym">{a.tutor}</code>
                  {a.tier ? ` · ${a.tier}` : ''}
                  {a.flagged ? S.flagged : ''}
                </p>
                <AnswerSummary type={r.task.type} answer={a.response} payload={r.task.payload} label={S.annotationBy(a.tutor)} />
              </li>
            ))}
          </ul>
          {r.task.isGold && r.task.gold && (
            <div className="panel consensus">
              <h3 className="section-title">{S.goldTitle}</h3>
              <AnswerSummary type={r.task.type} answer={r.task.gold} payload={r.task.payload} label={S.gold} />
            </div>
          )}
          <h2>{S.consensus}</h2>
          {r.consensus ? (
            <div className="panel consensus">
              <AnswerSummary type={r.task.type} answer={r.consensus.label} payload={r.task.payload} label={S.consensus} />
              <p className="small muted">
                {S.confidence(percent(r.consensus.confidence))}
                {` · ${r.consensus.source === 'review' ? S.fromReview : r.consensus.method}`}
                {` · ${S.annotators(r.consensus.annotatorCount)}`}
              </p>
            </div>
          ) : (
            <p className="muted">{S.noConsensus}</p>
          )}
        </section>
        <section className="review-verdict" aria-labelledby="verdict-h">
          <h2 id="verdict-h">{S.verdict}</h2>
          <p className="muted small">{S.verdictHint}</p>
          <QuestionView
            task={task}
            project={project}
            value={value}
            onChange={(v) => {
              setValue(v);
              setNotice(null);
            }}
            onPrimary={() => void submit()}
            keys={(e) => {
              if (e.key === 'm' || e.key === 'M') {
                commentRef.current?.focus();
                return true;
              }
              return false;
            }}
            shortcuts={[
              { keys: ['M'], label: S.commentKey },
              { keys: ['Ctrl+Enter'], label: S.record },
            ]}
          />
          <div className="rationale">
            <label htmlFor={`review-comment-${r.id}`}>
              {S.comment} <span className="muted">{S.optional}</span> <kbd>M</kbd>
            </label>
            <textarea
              id={`review-comment-${r.id}`}
              ref={commentRef}
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
              {busy ? S.recording : S.record} <kbd>Ctrl+Enter</kbd>
            </button>
            <Link to="/review" className="button">
              {S.back}
            </Link>
            {notice && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}
          </div>
          <ErrorMessage error={error} doing={S.recordDoing} />
        </section>
      </div>
    </>
  );
}

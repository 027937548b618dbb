/**
 * Practising one domain: a question in the workspace's renderer, Ctrl+Enter to check, then at once
 * whether it was right, the bank's expected answer and its explanation; Ctrl+Enter (or N) for the
 * next one. The progress bar toward the exam updates after every answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { qualityApi, type PracticeFeedback, type Question } from '../../api/qualityLoop.js';
import type { TutorTask } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { Markdown } from '../../components/Markdown.js';
import { percent } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { IntervalBar } from '../quality/IntervalBar.js';
import { AnswerSummary } from './AnswerSummary.js';
import { ExamAction } from './PracticePage.js';
import { buildResponse, initialDraft, projectFor, QuestionView, type Draft } from './QuestionView.js';

type State = { kind: 'loading' } | { kind: 'question'; q: Question } | { kind: 'error'; error: unknown };

export function taskOf(q: Question): TutorTask {
  return { id: q.taskId, type: q.type, domain: q.domain, payload: q.payload };
}

export function PracticeSession({ domain }: { domain: string }) {
  const overview = useAsync(() => qualityApi.practice(), []);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tally, setTally] = useState({ answered: 0, correct: 0 });

  const next = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'question', q: await qualityApi.practiceNext(domain) });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }, [domain]);

  useEffect(() => {
    void next();
  }, [next]);

  const d = overview.data?.domains.find((x) => x.domain === domain);
  return (
    <main id="main" className="page practice-session">
      <p className="crumbs">
        <Link to="/practice">Practice</Link> /
      </p>
      <h1>Practice: {domain}</h1>
      <section className="panel practice-progress" aria-label="Progress toward the exam">
        <p className="muted small">
          This session: {tally.answered} answered, {tally.correct} right.
          {d && ` Overall: ${d.answered} answered, ${d.correct} right.`}
        </p>
        {d && (
          <>
            <IntervalBar
              label={`Recent accuracy in ${domain}`}
              estimate={d.recent.estimate}
              lower={d.recent.lower}
              upper={d.recent.upper}
              n={d.recent.answered ?? d.answered}
              mark={d.exam?.passMark}
              markLabel="pass mark"
            />
            <ExamAction d={d} />
          </>
        )}
        <ErrorMessage error={overview.error} doing="load your progress" onRetry={() => void overview.reload()} />
      </section>
      {state.kind === 'loading' && <Loading what="Getting a practice question" />}
      {state.kind === 'error' && <ErrorMessage error={state.error} doing="get a practice question" onRetry={() => void next()} />}
      {state.kind === 'question' && (
        <PracticeQuestion
          key={state.q.taskId}
          q={state.q}
          onNext={() => void next()}
          onAnswered={(correct) => {
            setTally((t) => ({ answered: t.answered + 1, correct: t.correct + (correct ? 1 : 0) }));
            void overview.reload();
          }}
        />
      )}
    </main>
  );
}

function PracticeQuestion({ q, onNext, onAnswered }: { q: Question; onNext: () => void; onAnswered: (correct: boolean) => void }) {
  const task = taskOf(q);
  const project = projectFor(q.type, q.domain, q.project);
  const [value, setValue] = useState<Draft>(() => initialDraft(task, project));
  const [feedback, setFeedback] = useState<PracticeFeedback | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const feedbackRef = useRef<HTMLElement>(null);

  const check = async () => {
    if (busyRef.current || feedback) return;
    const built = buildResponse(task, project, value);
    if ('missing' in built) {
      setNotice(built.missing);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      const fb = await qualityApi.practiceAnswer(q.taskId, built.response);
      setFeedback(fb);
      onAnswered(fb.correct);
    } catch (err) {
      setError(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  useEffect(() => {
    if (feedback) feedbackRef.current?.focus();
  }, [feedback]);

  const primary = () => {
    if (feedback) onNext();
    else void check();
  };

  return (
    <>
      <QuestionView
        task={task}
        project={project}
        value={value}
        locked={Boolean(feedback)}
        result={feedback ? { correct: feedback.correct, expected: feedback.expected as Record<string, unknown> } : undefined}
        onChange={(v) => {
          setValue(v);
          setNotice(null);
        }}
        onPrimary={primary}
        keys={(e) => {
          if (feedback && (e.key === 'n' || e.key === 'N')) {
            onNext();
            return true;
          }
          if (!feedback && (e.key === 's' || e.key === 'S')) {
            onNext();
            return true;
          }
          return false;
        }}
        shortcuts={
          feedback
            ? [{ keys: ['Ctrl+Enter', 'N'], label: 'Next question' }]
            : [
                { keys: ['Ctrl+Enter'], label: 'Check answer' },
                { keys: ['S'], label: 'Skip' },
              ]
        }
        header={
          <div className="task-bar">
            <span className="muted small">
              <span className="tag">{q.domain}</span> practice question
            </span>
          </div>
        }
      />
      {feedback && (
        <section
          ref={feedbackRef}
          tabIndex={-1}
          className={`panel feedback ${feedback.correct ? 'right' : 'wrong'}`}
          aria-label="Feedback"
          aria-live="polite"
        >
          <h2 className="feedback-title">
            {feedback.correct ? '✓ Correct' : '✗ Not quite'}
            {!feedback.correct && feedback.score > 0 && <span className="muted small"> (partly right: {percent(feedback.score)})</span>}
          </h2>
          <h3 className="section-title">Expected answer</h3>
          <AnswerSummary type={q.type} answer={feedback.expected} payload={q.payload} label="Expected answer" />
          {feedback.explanation && (
            <>
              <h3 className="section-title">Why</h3>
              <Markdown text={feedback.explanation} className="explanation" label="Explanation" />
            </>
          )}
        </section>
      )}
      <div className="actions">
        {feedback ? (
          <button type="button" className="primary" onClick={onNext}>
            Next question <kbd>Ctrl+Enter</kbd>
          </button>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => void check()} disabled={busy}>
              {busy ? 'Checking…' : 'Check answer'} <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" onClick={onNext} disabled={busy}>
              Skip <kbd>S</kbd>
            </button>
          </>
        )}
        {/* Announced at once. */}
        {notice && (
          <p className="notice" role="alert">
            {notice}
          </p>
        )}
      </div>
      <ErrorMessage error={error} doing="check your answer" />
    </>
  );
}

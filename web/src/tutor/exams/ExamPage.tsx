/**
 * A certification exam: what it is (questions, pass mark, cool-down), start an attempt, answer the
 * questions one by one ("3 / 10", Ctrl+Enter saves and goes on, answers can be revisited), submit,
 * then the score and whether it passed. The server says only the score, never which were right.
 */
import { useEffect, useRef, useState } from 'react';
import { qualityApi, type ExamResult, type ExamStart } from '../../api/qualityLoop.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { ApiError } from '../../api/client.js';
import { dateTime, duration, percent } from '../../lib/format.js';
import { clearDraft, loadDraft, saveDraft } from '../../lib/drafts.js';
import { useAsync } from '../../lib/useAsync.js';
import { waitFor } from '../practice/PracticePage.js';
import { taskOf } from '../practice/PracticeSession.js';
import { buildResponse, initialDraft, projectFor, QuestionView, type Draft } from '../practice/QuestionView.js';

export function ExamPage({ examId }: { examId: string }) {
  const id = Number(examId);
  const overview = useAsync(() => qualityApi.practice(), []);
  const [attempt, setAttempt] = useState<ExamStart | null>(null);
  const [result, setResult] = useState<ExamResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const d = overview.data?.domains.find((x) => x.exam?.id === id);
  const cooling = d ? waitFor(d.nextAttemptAt) > 0 : false;
  const exam = attempt?.exam ?? d?.exam ?? null;
  const domain = attempt?.exam?.domain ?? d?.domain ?? attempt?.questions[0]?.domain;

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      setAttempt(await qualityApi.startExam(id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="page exam">
      <p className="crumbs">
        <Link to="/practice">Practice</Link> /
      </p>
      <h1>
        {exam?.name ?? 'Certification exam'}
        {domain ? (
          <>
            {' '}
            <span className="tag">{domain}</span>
          </>
        ) : null}
      </h1>
      {result ? (
        <ExamResultView result={result} domain={domain} passMark={exam?.passMark} />
      ) : attempt ? (
        <ExamAttempt attempt={attempt} onDone={setResult} />
      ) : (
        <section className="panel exam-intro" aria-label="About this exam">
          {overview.loading && !overview.data && <Loading what="Loading the exam" />}
          {exam && (
            <ul className="exam-facts">
              <li>
                <strong>{exam.questionCount}</strong> questions, drawn at random for each attempt
              </li>
              <li>
                Pass mark: <strong>{percent(exam.passMark)}</strong> right
              </li>
              <li>
                After a failed attempt you can retake it after <strong>{exam.cooldownHours} h</strong>
              </li>
              <li>You see your score at the end, not which answers were right</li>
            </ul>
          )}
          {d?.certified && <p className="success">You are already certified in {d.domain}.</p>}
          {d && cooling && (
            <p className="notice" role="status">
              Cool-down: you can retake this exam in {duration(waitFor(d.nextAttemptAt))}.
            </p>
          )}
          <ErrorMessage error={error} doing="start the exam" />
          {error instanceof ApiError && error.code === 'conflict' && (
            <p className="muted">Exams can be retaken only after the cool-down, and not once you hold the certification.</p>
          )}
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void start()}
              disabled={busy || Boolean(d?.certified) || cooling}
              autoFocus
            >
              {busy ? 'Starting…' : 'Start the exam'}
            </button>
            <Link to="/practice" className="button">
              Not now
            </Link>
          </div>
        </section>
      )}
    </main>
  );
}

function ExamAttempt({ attempt, onDone }: { attempt: ExamStart; onDone: (r: ExamResult) => void }) {
  const { refresh } = useAuth();
  const qs = attempt.questions;
  const projects = qs.map((q) => projectFor(q.type, q.domain, q.project));
  // Answers are kept as a draft of the attempt: a reload resumes the same attempt (the server redraws nothing) with them.
  const draftKey = `exam-${attempt.attempt.id}`;
  const [drafts, setDrafts] = useState<Draft[]>(() => {
    const kept = loadDraft<Draft[]>(draftKey);
    return qs.map((q, i) => kept?.[i] ?? initialDraft(taskOf(q), projects[i]));
  });
  useEffect(() => {
    saveDraft(draftKey, drafts);
  }, [draftKey, drafts]);
  const [i, setI] = useState(0);
  const [reviewing, setReviewing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  const answered = (k: number) => !('missing' in buildResponse(taskOf(qs[k]), projects[k], drafts[k]));
  const done = qs.filter((_, k) => answered(k)).length;

  const saveAndNext = () => {
    const built = buildResponse(taskOf(qs[i]), projects[i], drafts[i]);
    if ('missing' in built) {
      setNotice(built.missing);
      return;
    }
    setNotice(null);
    if (i + 1 < qs.length) setI(i + 1);
    else setReviewing(true);
  };

  const submit = async () => {
    if (busyRef.current) return;
    const responses = qs.map((q, k) => buildResponse(taskOf(q), projects[k], drafts[k]));
    const firstMissing = responses.findIndex((r) => 'missing' in r);
    if (firstMissing >= 0) {
      setReviewing(false);
      setI(firstMissing);
      setNotice(`Question ${firstMissing + 1} has no answer yet.`);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await qualityApi.submitExam(
        attempt.attempt.id,
        responses.map((r) => (r as { response: Record<string, unknown> }).response),
      );
      clearDraft(draftKey);
      if (result.passed) void refresh();
      onDone(result);
    } catch (err) {
      setError(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const progress = (
    <div className="exam-progress">
      <span className="exam-count" aria-live="polite">
        {reviewing ? `${done} / ${qs.length} answered` : `Question ${i + 1} / ${qs.length}`}
      </span>
      <progress max={qs.length} value={reviewing ? done : i + 1} aria-label="Exam progress" />
    </div>
  );

  if (reviewing) {
    return (
      <section className="panel exam-review" aria-label="Submit the exam">
        {progress}
        <h2>Ready to submit?</h2>
        <p>
          You answered {done} of {qs.length} questions. Once submitted, the attempt is scored and cannot be changed.
        </p>
        <ol className="exam-index">
          {qs.map((_, k) => (
            <li key={k}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setReviewing(false);
                  setI(k);
                }}
              >
                Question {k + 1}
                {answered(k) ? '' : ' (no answer)'}
              </button>
            </li>
          ))}
        </ol>
        <SubmitKeys onSubmit={() => void submit()} />
        <div className="actions">
          <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
            {busy ? 'Submitting…' : 'Submit the exam'} <kbd>Ctrl+Enter</kbd>
          </button>
          <button
            type="button"
            onClick={() => {
              setReviewing(false);
              setI(qs.length - 1);
            }}
          >
            Back to the questions
          </button>
        </div>
        <ErrorMessage error={error} doing="submit the exam" />
      </section>
    );
  }

  const q = qs[i];
  return (
    <>
      <QuestionView
        key={i}
        task={taskOf(q)}
        project={projects[i]}
        value={drafts[i]}
        onChange={(v) => {
          setDrafts((ds) => ds.map((x, k) => (k === i ? v : x)));
          setNotice(null);
        }}
        onPrimary={saveAndNext}
        keys={(e) => {
          if ((e.key === 'b' || e.key === 'B') && i > 0) {
            setNotice(null);
            setI(i - 1);
            return true;
          }
          return false;
        }}
        shortcuts={[
          { keys: ['Ctrl+Enter'], label: i + 1 < qs.length ? 'Save and next' : 'Save and review' },
          ...(i > 0 ? [{ keys: ['B'], label: 'Previous question' }] : []),
        ]}
        header={progress}
      />
      <div className="actions">
        <button type="button" className="primary" onClick={saveAndNext}>
          {i + 1 < qs.length ? 'Next question' : 'Review and submit'} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={() => setI(i - 1)} disabled={i === 0}>
          Previous <kbd>B</kbd>
        </button>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </div>
    </>
  );
}

/** Ctrl+Enter on the summary screen submits (no renderer is mounted there to listen). */
function SubmitKeys({ onSubmit }: { onSubmit: () => void }) {
  const ref = useRef(onSubmit);
  ref.current = onSubmit;
  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.key === 'Enter' && (e.ctrlKey || e.metaKey))) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, []);
  return null;
}

function ExamResultView({ result, domain, passMark }: { result: ExamResult; domain?: string; passMark?: number }) {
  const mark = result.passMark ?? passMark;
  return (
    <section className={`panel exam-result ${result.passed ? 'right' : 'wrong'}`} aria-live="polite" aria-label="Exam result">
      <h2>{result.passed ? 'Passed' : 'Not passed this time'}</h2>
      <p className="exam-score">
        Score: <strong>{percent(result.score)}</strong>
        {result.correct !== undefined && result.total !== undefined && ` (${result.correct} of ${result.total} right)`}
        {mark !== undefined && <span className="muted"> · pass mark {percent(mark)}</span>}
      </p>
      {result.passed ? (
        <p>You are now certified{domain ? ` in ${domain}` : ''}. Projects that ask for this certification are open to you.</p>
      ) : (
        <p>
          Keep practising and try again
          {result.nextAttemptAt ? ` after ${dateTime(result.nextAttemptAt)}` : ' after the cool-down'}.
        </p>
      )}
      <div className="actions">
        <Link to="/quality" className={`button ${result.passed ? 'primary' : ''}`}>
          See My quality
        </Link>
        <Link to="/practice" className={`button ${result.passed ? '' : 'primary'}`}>
          Back to practice
        </Link>
      </div>
    </section>
  );
}

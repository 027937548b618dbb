/**
 * The practice path: every domain with a practice bank, how far the tutor has come (recent accuracy
 * against the exam's pass mark, with its interval), and the way on: practise, take the exam when
 * ready, or wait out the cool-down after a failed attempt.
 */
import { qualityApi, type PracticeDomain } from '../../api/qualityLoop.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { serverNow } from '../../lib/clock.js';
import { dateTime, duration, percent } from '../../lib/format.js';
import { useAsync } from '../../lib/useAsync.js';
import { IntervalBar } from '../quality/IntervalBar.js';

export function PracticePage() {
  const { data, error, loading, reload } = useAsync(() => qualityApi.practice(), []);
  const domains = data?.domains ?? [];
  return (
    <main id="main" className="page practice">
      <h1>Practice</h1>
      <p className="muted lede">
        Practice questions come with the right answer and an explanation as soon as you answer. They never count as paid work. When your
        recent accuracy clears a domain's pass mark, take its exam to get certified.
      </p>
      {loading && !data && <Loading what="Loading your practice" />}
      <ErrorMessage error={error} doing="load your practice" onRetry={() => void reload()} />
      {data && domains.length === 0 && <p className="empty">There is no practice bank open yet. A manager adds one per domain.</p>}
      <ul className="practice-cards">
        {domains.map((d) => (
          <DomainCard key={d.domain} d={d} />
        ))}
      </ul>
    </main>
  );
}

/** Milliseconds until `iso`, or 0 when it is past (or absent). */
export function waitFor(iso: string | null | undefined): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, t - serverNow());
}

export function ExamAction({ d }: { d: PracticeDomain }) {
  if (!d.exam) return <p className="muted small">No exam is open for {d.domain} yet.</p>;
  if (d.certified) return <p className="success">Certified in {d.domain}.</p>;
  const wait = waitFor(d.nextAttemptAt);
  if (wait > 0) {
    return (
      <p className="notice" role="status">
        Exam cool-down: you can retake it in {duration(wait)} ({dateTime(d.nextAttemptAt)}).
      </p>
    );
  }
  if (d.ready) {
    return (
      <Link to={`/exams/${d.exam.id}`} className="button primary" aria-label={`Take the ${d.domain} exam`}>
        Take the exam
      </Link>
    );
  }
  return (
    <p className="muted small">
      Keep practising: the exam opens to you when your recent accuracy reaches the pass mark ({percent(d.exam.passMark)}).
    </p>
  );
}

function DomainCard({ d }: { d: PracticeDomain }) {
  return (
    <li className="panel practice-card" aria-labelledby={`practice-${d.domain}`}>
      <h2 id={`practice-${d.domain}`}>
        <span className="tag">{d.domain}</span>
      </h2>
      <p className="muted small">
        {d.answered} answered · {d.correct} right{d.bankSize !== undefined ? ` · ${d.bankSize} questions in the bank` : ''}
        {d.exam ? ` · exam: ${d.exam.questionCount} questions, pass mark ${percent(d.exam.passMark)}` : ''}
      </p>
      <IntervalBar
        label={`Recent accuracy in ${d.domain}`}
        estimate={d.recent.estimate}
        lower={d.recent.lower}
        upper={d.recent.upper}
        n={d.recent.answered ?? d.answered}
        mark={d.exam?.passMark}
        markLabel="pass mark"
      />
      <div className="row-actions">
        <Link
          to={`/practice/${encodeURIComponent(d.domain)}`}
          className={`button ${d.ready && !d.certified ? '' : 'primary'}`}
          aria-label={`Practise ${d.domain}`}
        >
          Practise
        </Link>
        <ExamAction d={d} />
      </div>
    </li>
  );
}

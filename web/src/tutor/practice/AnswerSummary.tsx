/**
 * An answer in the task type's response shape, in words: "B is better (much better)", a ranking as
 * a list, rubric scores, labels, step verdicts, or the text itself (as sanitized Markdown). Used for
 * practice feedback (the bank's expected answer), annotations and consensus in review, and the
 * tutor's own answer next to a reviewer's verdict. Answers come from other people: text is never HTML.
 */
import type { TaskPayload, TaskType } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { ConversationAnswer } from './ConversationAnswer.js';

const STRENGTHS = ['', 'slightly better', 'better', 'much better'];
const STEP_MARK: Record<string, string> = { correct: '✓ correct', incorrect: '✗ incorrect', neutral: '– neutral' };

/** A consensus label may arrive as the categorical string ("a", "benign+medical") or as a response object. */
export function asResponse(type: TaskType, answer: unknown): Record<string, unknown> | null {
  if (answer === null || answer === undefined) return null;
  if (typeof answer === 'string') {
    try {
      const parsed = JSON.parse(answer) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      /* a categorical label */
    }
    if (type === 'preference') return { choice: answer };
    if (type === 'label') return { labels: answer.split('+') };
    return { text: answer };
  }
  return typeof answer === 'object' ? (answer as Record<string, unknown>) : null;
}

function responseName(payload: TaskPayload | undefined, id: string, letters: boolean): string {
  const rs = (payload as { responses?: { id: string }[] } | undefined)?.responses;
  const i = rs ? rs.findIndex((r) => r.id === id) : -1;
  if (i < 0) return `response “${id}”`;
  return letters ? String.fromCharCode(65 + i) : `Response ${i + 1}`;
}

export function AnswerSummary({
  type,
  answer,
  payload,
  label,
}: {
  type: TaskType;
  answer: unknown;
  payload?: TaskPayload;
  /** Accessible name of the summary (e.g. "Expected answer"). */
  label?: string;
}) {
  const r = asResponse(type, answer);
  if (!r) return <p className="muted answer-summary">No answer.</p>;
  const content = (
    <>
      <Body type={type} r={r} payload={payload} />
      {typeof r.rationale === 'string' && r.rationale.trim() && (
        <p className="small">
          <span className="muted">Rationale: </span>
          {r.rationale}
        </p>
      )}
    </>
  );
  // A named summary is a region, so screen readers announce its name.
  return label ? (
    <section className="answer-summary" aria-label={label}>
      {content}
    </section>
  ) : (
    <div className="answer-summary">{content}</div>
  );
}

function Body({ type, r, payload }: { type: TaskType; r: Record<string, unknown>; payload?: TaskPayload }) {
  switch (type) {
    case 'preference': {
      const choice = String(r.choice ?? '');
      if (!choice) return <p className="muted">No choice.</p>;
      if (choice === 'tie')
        return (
          <p>
            <strong>About the same</strong> (tie)
          </p>
        );
      const s = typeof r.strength === 'number' ? STRENGTHS[r.strength] : '';
      return (
        <p>
          <strong>{responseName(payload, choice, true)} is better</strong>
          {s ? ` (${s})` : ''}
        </p>
      );
    }
    case 'ranking': {
      const order = Array.isArray(r.order) ? (r.order as string[]) : [];
      return (
        <ol className="answer-ranking">
          {order.map((id) => (
            <li key={id}>{responseName(payload, id, false)}</li>
          ))}
        </ol>
      );
    }
    case 'rating': {
      const scores = (r.scores ?? {}) as Record<string, number>;
      return (
        <>
          <dl className="facts">
            {Object.entries(scores).map(([axis, s]) => (
              <div key={axis} className="fact-pair">
                <dt>{axis}</dt>
                <dd>{s}</dd>
              </div>
            ))}
          </dl>
          {typeof r.comment === 'string' && r.comment && (
            <p className="small">
              <span className="muted">Comment: </span>
              {r.comment}
            </p>
          )}
        </>
      );
    }
    case 'label': {
      const labels = Array.isArray(r.labels) ? (r.labels as string[]) : [];
      return (
        <p>
          {labels.map((l) => (
            <span key={l} className="tag">
              {l}
            </span>
          ))}
        </p>
      );
    }
    case 'steps': {
      const verdicts = Array.isArray(r.verdicts) ? (r.verdicts as (string | null)[]) : [];
      return (
        <ol className="answer-steps">
          {verdicts.map((v, i) => (
            <li key={i} className={v ? `verdict-${v}` : ''}>
              Step {i + 1}: {v ? (STEP_MARK[v] ?? v) : '—'}
            </li>
          ))}
        </ol>
      );
    }
    case 'rewrite':
    case 'demonstration':
      return typeof r.text === 'string' ? <Markdown text={r.text} className="answer-text" /> : <p className="muted">No text.</p>;
    case 'conversation':
      return <ConversationAnswer r={r} payload={payload} />;
    default:
      return <pre className="answer-raw">{JSON.stringify(r, null, 2)}</pre>;
  }
}

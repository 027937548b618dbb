import { humanize } from '../lib/errors.js';

/** An API or page error, in words. `role="alert"` so screen readers announce it. */
export function ErrorMessage({ error, doing, onRetry }: { error: unknown; doing?: string; onRetry?: () => void }) {
  if (!error) return null;
  const h = humanize(error, doing);
  return (
    <div className="error" role="alert">
      <p className="error-title">{h.title}</p>
      {h.detail && <p className="error-detail">{h.detail}</p>}
      {h.problems && h.problems.length > 0 && (
        <ul className="problems" aria-label="Problems found">
          {h.problems.map((p, i) => (
            <li key={i}>
              {p.line !== undefined && <span className="problem-line">Line {p.line}</span>}
              {p.field && <code className="problem-field">{p.field}</code>}
              <span>{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

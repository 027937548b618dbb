/**
 * A proportion with its 95% Wilson interval on a 0–100% track: the shaded band is the interval, the
 * dot the estimate, the tick a threshold (pass mark, suspension threshold). Screen readers get the
 * same in one sentence.
 */
import { percent } from '../../lib/format.js';

const pc = (x: number) => `${Math.max(0, Math.min(100, x * 100))}%`;

export function IntervalBar({
  estimate,
  lower,
  upper,
  mark,
  markLabel = 'threshold',
  n,
  label,
}: {
  estimate: number | null | undefined;
  lower: number | null | undefined;
  upper: number | null | undefined;
  /** A threshold to compare against, 0..1. */
  mark?: number | null;
  markLabel?: string;
  /** How many judgments the estimate rests on. */
  n?: number;
  label: string;
}) {
  const known = estimate !== null && estimate !== undefined && n !== 0;
  const lo = lower ?? 0;
  const hi = upper ?? 1;
  const words = known
    ? `${label}: ${percent(estimate)} (95% interval ${percent(lo)}–${percent(hi)}${n !== undefined ? `, ${n} answers` : ''})`
    : `${label}: not measured yet`;
  const markWords = mark !== null && mark !== undefined ? `; ${markLabel} ${percent(mark)}` : '';
  const state = !known || mark === null || mark === undefined ? '' : lo >= mark ? 'above' : hi < mark ? 'below' : 'straddles';
  return (
    <div className={`ibar ${state}`} role="img" aria-label={words + markWords}>
      <div className="ibar-track" aria-hidden="true">
        {known && <span className="ibar-range" style={{ left: pc(lo), width: pc(hi - lo) }} />}
        {known && <span className="ibar-point" style={{ left: `clamp(4px, ${pc(estimate as number)}, calc(100% - 4px))` }} />}
        {mark !== null && mark !== undefined && (
          <span className="ibar-mark" style={{ left: pc(mark) }} title={`${markLabel} ${percent(mark)}`} />
        )}
      </div>
      <div className="ibar-legend" aria-hidden="true">
        <span>
          <strong>{known ? percent(estimate) : '—'}</strong>
          {known && (
            <span className="muted">
              {' '}
              ({percent(lo)}–{percent(hi)})
            </span>
          )}
        </span>
        {mark !== null && mark !== undefined && (
          <span className="muted">
            {markLabel} {percent(mark)}
          </span>
        )}
      </div>
    </div>
  );
}

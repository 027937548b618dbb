/**
 * Rubric rating: one 1–N score per axis. ↑/↓ choose the axis, a number sets its score (and moves on),
 * ←/→ nudge the score. C writes a comment.
 */
import { useRef } from 'react';
import type { RubricAxis, TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { digit, useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface RatingDraft {
  scores: Record<string, number>;
  axis: number;
  comment: string;
  rationale?: string;
}

const axesOf = (rubric: RubricAxis[] | undefined): RubricAxis[] => rubric ?? [];

function Rating({ task, project, value, onChange, common }: RendererProps<RatingDraft>) {
  const p = task.payload as TaskPayload<'rating'>;
  const axes = axesOf(project.rubric);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const setScore = (i: number, s: number, advance: boolean) => {
    const axis = axes[i];
    if (!axis) return;
    const score = Math.min(axis.scale, Math.max(1, s));
    onChange({ ...value, scores: { ...value.scores, [axis.name]: score }, axis: advance ? Math.min(axes.length - 1, i + 1) : i });
  };

  useKeys(common, (e) => {
    const d = digit(e);
    const axis = axes[value.axis];
    if (d !== null && axis && d <= axis.scale) {
      setScore(value.axis, d, true);
      return true;
    }
    if (e.key === 'ArrowDown') {
      onChange({ ...value, axis: Math.min(axes.length - 1, value.axis + 1) });
      return true;
    }
    if (e.key === 'ArrowUp') {
      onChange({ ...value, axis: Math.max(0, value.axis - 1) });
      return true;
    }
    if (axis && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      const cur = value.scores[axis.name] ?? Math.ceil(axis.scale / 2);
      setScore(value.axis, value.scores[axis.name] === undefined ? cur : cur + (e.key === 'ArrowRight' ? 1 : -1), false);
      return true;
    }
    if (e.key === 'c' || e.key === 'C') {
      commentRef.current?.focus();
      return true;
    }
    return false;
  });

  return (
    <div className="renderer rating">
      <Prompt text={p.prompt} context={p.context} />
      <div className="two-col">
        <section className="response-card" aria-label="Response to rate">
          <h2 className="section-title">Response</h2>
          <Markdown text={p.response.text} />
        </section>
        <section className="rubric" aria-label="Rubric">
          <h2 className="section-title">Rubric</h2>
          {axes.map((axis, i) => (
            <fieldset
              key={axis.name}
              className={`axis ${value.axis === i ? 'current' : ''}`}
              onFocus={() => value.axis !== i && onChange({ ...value, axis: i })}
            >
              <legend>
                {axis.name} <span className="muted">1–{axis.scale}</span>
                {value.scores[axis.name] !== undefined && <span className="score-badge">{value.scores[axis.name]}</span>}
              </legend>
              {axis.description && <p className="muted small">{axis.description}</p>}
              <div className="scale" role="radiogroup" aria-label={`${axis.name} score`}>
                {Array.from({ length: axis.scale }, (_, k) => k + 1).map((s) => (
                  <label key={s} className={`scale-step ${value.scores[axis.name] === s ? 'selected' : ''}`}>
                    <input
                      type="radio"
                      name={`axis-${task.id}-${axis.name}`}
                      value={s}
                      checked={value.scores[axis.name] === s}
                      onChange={() => setScore(i, s, false)}
                    />
                    {s}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <label htmlFor={`comment-${task.id}`}>
            Comment{' '}
            <span className="muted">
              (optional, <kbd>C</kbd>)
            </span>
          </label>
          <textarea
            id={`comment-${task.id}`}
            ref={commentRef}
            rows={3}
            value={value.comment}
            onChange={(e) => onChange({ ...value, comment: e.target.value })}
          />
        </section>
      </div>
    </div>
  );
}

export const rating: RendererSpec<RatingDraft> = {
  type: 'rating',
  initial: () => ({ scores: {}, axis: 0, comment: '' }),
  build: (v, _task, project) => {
    const missing = axesOf(project.rubric)
      .filter((a) => v.scores[a.name] === undefined)
      .map((a) => a.name);
    if (missing.length > 0) return { missing: `Score every axis; still missing: ${missing.join(', ')}.` };
    return { response: { scores: v.scores, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) } };
  },
  shortcuts: (_task, project) => {
    const max = Math.max(2, ...axesOf(project.rubric).map((a) => a.scale));
    return [
      { keys: [`1–${Math.min(max, 9)}${max >= 10 ? ', 0=10' : ''}`], label: 'Score current axis' },
      { keys: ['↑', '↓'], label: 'Choose axis' },
      { keys: ['←', '→'], label: 'Adjust score' },
      { keys: ['C'], label: 'Comment' },
    ];
  },
  Component: Rating,
};

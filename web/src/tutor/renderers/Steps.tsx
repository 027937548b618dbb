/**
 * Step verification (process supervision): mark each step correct, incorrect or neutral.
 * ↑/↓ (or J/K) move between steps; 1/2/3 (or C/I/N) set the verdict and move on.
 */
import { useEffect, useRef } from 'react';
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

type Verdict = 'correct' | 'incorrect' | 'neutral';
export interface StepsDraft {
  verdicts: (Verdict | null)[];
  cursor: number;
  rationale?: string;
}

const VERDICTS: { v: Verdict; keys: string[]; label: string; mark: string }[] = [
  { v: 'correct', keys: ['1', 'c'], label: 'Correct', mark: '✓' },
  { v: 'incorrect', keys: ['2', 'i'], label: 'Incorrect', mark: '✗' },
  { v: 'neutral', keys: ['3', 'n'], label: 'Neutral', mark: '–' },
];

function Steps({ task, value, onChange, common }: RendererProps<StepsDraft>) {
  const p = task.payload as TaskPayload<'steps'>;
  const n = p.steps.length;
  const listRef = useRef<HTMLOListElement>(null);
  const set = (i: number, v: Verdict) => {
    const verdicts = [...value.verdicts];
    verdicts[i] = v;
    onChange({ ...value, verdicts, cursor: Math.min(n - 1, i + 1) });
  };

  useKeys(common, (e) => {
    const k = e.key.toLowerCase();
    const verdict = VERDICTS.find((x) => x.keys.includes(k));
    if (verdict) {
      set(value.cursor, verdict.v);
      return true;
    }
    if (e.key === 'ArrowDown' || k === 'j') {
      onChange({ ...value, cursor: Math.min(n - 1, value.cursor + 1) });
      return true;
    }
    if (e.key === 'ArrowUp' || k === 'k') {
      onChange({ ...value, cursor: Math.max(0, value.cursor - 1) });
      return true;
    }
    return false;
  });

  useEffect(() => {
    listRef.current?.children[value.cursor]?.scrollIntoView?.({ block: 'nearest' });
  }, [value.cursor]);

  return (
    <div className="renderer steps">
      <Prompt text={p.prompt} context={p.context} label="Problem" />
      <h2 className="section-title">Solution, step by step</h2>
      <ol className="step-list" ref={listRef}>
        {p.steps.map((s, i) => {
          const v = value.verdicts[i];
          return (
            <li
              key={i}
              className={`step ${value.cursor === i ? 'cursor' : ''} ${v ? `verdict-${v}` : ''}`}
              aria-current={value.cursor === i ? 'step' : undefined}
            >
              <div className="step-head">
                <span className="step-no">Step {i + 1}</span>
                <span className="step-mark">
                  <span aria-hidden="true">{v ? VERDICTS.find((x) => x.v === v)!.mark : ''}</span>
                  <span className="visually-hidden">{v ? `marked ${v}` : 'not marked yet'}</span>
                </span>
              </div>
              <Markdown text={s} />
              <div className="step-verdicts" role="radiogroup" aria-label={`Step ${i + 1} verdict`}>
                {VERDICTS.map((x) => (
                  <label key={x.v} className={`choice small ${v === x.v ? 'selected' : ''}`}>
                    <input type="radio" name={`step-${task.id}-${i}`} value={x.v} checked={v === x.v} onChange={() => set(i, x.v)} />
                    {x.label}
                  </label>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export const steps: RendererSpec<StepsDraft> = {
  type: 'steps',
  initial: (task) => ({ verdicts: (task.payload as TaskPayload<'steps'>).steps.map(() => null), cursor: 0 }),
  build: (v, task) => {
    const n = (task.payload as TaskPayload<'steps'>).steps.length;
    const left = Array.from({ length: n }, (_, i) => i).filter((i) => !v.verdicts[i]);
    return left.length === 0
      ? { response: { verdicts: v.verdicts.slice(0, n) } }
      : { missing: `Mark every step; ${left.length} left (first: step ${left[0] + 1}).` };
  },
  shortcuts: () => [
    { keys: ['1', 'C'], label: 'Correct' },
    { keys: ['2', 'I'], label: 'Incorrect' },
    { keys: ['3', 'N'], label: 'Neutral' },
    { keys: ['↑', '↓'], label: 'Move between steps' },
  ],
  Component: Steps,
};

/** Pairwise preference: A or B or tie, with a strength. Keys: 1/2/3, ↑/↓ for strength. */
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface PreferenceDraft {
  choice?: string;
  strength: number;
  rationale?: string;
}

const STRENGTHS = ['slightly better', 'better', 'much better'];

function Preference({ task, value, onChange, common, expected }: RendererProps<PreferenceDraft>) {
  const p = task.payload as TaskPayload<'preference'>;
  const [a, b] = p.responses;
  const options = [
    { id: a.id, label: 'A', key: '1' },
    { id: b.id, label: 'B', key: '2' },
    { id: 'tie', label: 'Tie', key: '3' },
  ];
  const setStrength = (s: number) => onChange({ ...value, strength: Math.min(3, Math.max(1, s)) });

  useKeys(common, (e) => {
    const opt = options.find((o) => o.key === e.key);
    if (opt) {
      onChange({ ...value, choice: opt.id });
      return true;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowRight') {
      setStrength(value.strength + 1);
      return true;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowLeft') {
      setStrength(value.strength - 1);
      return true;
    }
    return false;
  });

  return (
    <div className="renderer preference">
      <Prompt text={p.prompt} context={p.context} />
      <div className="side-by-side">
        {[a, b].map((r, i) => (
          <section
            key={r.id}
            className={`response-card ${value.choice === r.id ? 'chosen' : ''} ${expected?.choice === r.id ? 'expected' : ''}`}
            aria-label={`Response ${i ? 'B' : 'A'}${expected?.choice === r.id ? ', the right answer' : ''}`}
          >
            <h2 className="section-title">
              Response {i ? 'B' : 'A'} <kbd>{i + 1}</kbd>
            </h2>
            <Markdown text={r.text} />
          </section>
        ))}
      </div>
      <fieldset className="choice-bar">
        <legend>Which response is better?</legend>
        {options.map((o) => (
          <label key={o.id} className={`choice ${value.choice === o.id ? 'selected' : ''} ${expected?.choice === o.id ? 'expected' : ''}`}>
            <input
              type="radio"
              name={`pref-${task.id}`}
              value={o.id}
              checked={value.choice === o.id}
              onChange={() => onChange({ ...value, choice: o.id })}
            />
            <kbd>{o.key}</kbd> {o.label === 'Tie' ? 'About the same' : `${o.label} is better`}
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-bar" disabled={!value.choice || value.choice === 'tie'}>
        <legend>
          How much better?{' '}
          <span className="muted">
            (<kbd>↑</kbd>/<kbd>↓</kbd>)
          </span>
        </legend>
        {STRENGTHS.map((s, i) => (
          <label key={s} className={`choice ${value.strength === i + 1 ? 'selected' : ''}`}>
            <input
              type="radio"
              name={`strength-${task.id}`}
              value={i + 1}
              checked={value.strength === i + 1}
              onChange={() => setStrength(i + 1)}
            />
            {s}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

export const preference: RendererSpec<PreferenceDraft> = {
  type: 'preference',
  initial: () => ({ strength: 2 }),
  build: (v) =>
    v.choice
      ? { response: { choice: v.choice, strength: v.choice === 'tie' ? 2 : v.strength } }
      : { missing: 'Choose A, B or a tie first (press 1, 2 or 3).' },
  shortcuts: () => [
    { keys: ['1'], label: 'A is better' },
    { keys: ['2'], label: 'B is better' },
    { keys: ['3'], label: 'Tie' },
    { keys: ['↑', '↓'], label: 'Strength' },
  ],
  Component: Preference,
};

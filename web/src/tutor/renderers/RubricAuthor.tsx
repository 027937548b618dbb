/**
 * Rubric authoring: write the checklist a response is graded against. A adds a criterion (its text
 * field takes the focus; Esc leaves it), ↑/↓ (J/K) move, 1–9 and 0 set the weight (0 = 10), E marks it
 * essential, X removes it. A revision starts from the version sent back, with the reviewer's comment.
 */
import { useEffect, useRef } from 'react';
import type { RubricPayload } from '../../../../src/domain/rubric.js';
import { Markdown } from '../../components/Markdown.js';
import { digit, useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps } from './types.js';

export interface CriterionDraft {
  text: string;
  weight: number;
  essential: boolean;
}
export interface AuthorDraft {
  criteria: CriterionDraft[];
  cursor: number;
  rationale?: string;
}

type AuthorPayload = Extract<RubricPayload, { stage: 'author' }>;

export const authorInitial = (p: AuthorPayload): AuthorDraft => ({
  criteria: (p.revises?.criteria ?? []).map(({ text, weight, essential }) => ({ text, weight, essential })),
  cursor: 0,
});

/** The candidate responses the rubric is for (shown to the author and the reviewer). */
export function Candidates({ payload }: { payload: { responses: { id: string; text: string }[] } }) {
  return (
    <section aria-label="Candidate responses">
      <h2 className="section-title">Candidate responses</h2>
      {payload.responses.map((r) => (
        <div key={r.id} className="response-card">
          <h3 className="section-title">Response {r.id.toUpperCase()}</h3>
          <Markdown text={r.text} />
        </div>
      ))}
    </section>
  );
}

export function RubricAuthor({ task, value, onChange, common }: RendererProps<AuthorDraft>) {
  const p = task.payload as AuthorPayload;
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const focusNext = useRef<number | null>(null);
  const n = value.criteria.length;
  const update = (i: number, patch: Partial<CriterionDraft>) =>
    onChange({ ...value, criteria: value.criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const add = () => {
    focusNext.current = n;
    onChange({ ...value, criteria: [...value.criteria, { text: '', weight: 1, essential: false }], cursor: n });
  };

  useEffect(() => {
    if (focusNext.current !== null) inputs.current[focusNext.current]?.focus();
    focusNext.current = null;
  });

  useKeys(common, (e) => {
    const k = e.key.toLowerCase();
    const d = digit(e);
    if (k === 'a') {
      add();
      return true;
    }
    if (n === 0) return false;
    if (d !== null) {
      update(value.cursor, { weight: d });
      return true;
    }
    if (k === 'e') {
      update(value.cursor, { essential: !value.criteria[value.cursor].essential });
      return true;
    }
    if (k === 'x' || e.key === 'Delete') {
      onChange({
        ...value,
        criteria: value.criteria.filter((_, j) => j !== value.cursor),
        cursor: Math.max(0, Math.min(value.cursor, n - 2)),
      });
      return true;
    }
    if (k === 'enter' || k === 'f2') {
      inputs.current[value.cursor]?.focus();
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

  return (
    <div className="renderer rubric-author">
      <Prompt text={p.prompt} context={p.context} label="Prompt" />
      <Candidates payload={p} />
      {p.revises && (
        <section className="response-card" aria-label="Sent back">
          <h2 className="section-title">Version {p.revises.version} was sent back</h2>
          <p>{p.revises.comment}</p>
        </section>
      )}
      <h2 className="section-title">Criteria ({n})</h2>
      <ol className="step-list" aria-label="Criteria">
        {value.criteria.map((c, i) => (
          <li key={i} className={`step ${value.cursor === i ? 'cursor' : ''}`} aria-current={value.cursor === i ? 'step' : undefined}>
            <div className="step-head">
              <span className="step-no">Criterion {i + 1}</span>
              <span>
                weight {c.weight}
                {c.essential ? ' · essential' : ''}
              </span>
            </div>
            <input
              ref={(el) => {
                inputs.current[i] = el;
              }}
              aria-label={`Criterion ${i + 1} text`}
              value={c.text}
              placeholder="What a good response does, checkable as yes / no"
              onFocus={() => value.cursor !== i && onChange({ ...value, cursor: i })}
              onChange={(e) => update(i, { text: e.target.value })}
            />
            <div className="step-verdicts">
              <label className="choice small">
                weight{' '}
                <input
                  type="number"
                  min={1}
                  max={10}
                  value={c.weight}
                  aria-label={`Criterion ${i + 1} weight`}
                  onChange={(e) => update(i, { weight: Number(e.target.value) })}
                />
              </label>
              <label className={`choice small ${c.essential ? 'selected' : ''}`}>
                <input type="checkbox" checked={c.essential} onChange={() => update(i, { essential: !c.essential })} /> essential
              </label>
            </div>
          </li>
        ))}
      </ol>
      {n === 0 && <p className="muted">Press A to add the first criterion.</p>}
    </div>
  );
}

export function buildAuthor(v: AuthorDraft) {
  const criteria = v.criteria.map((c) => ({ ...c, text: c.text.trim() }));
  if (criteria.length === 0) return { missing: 'Add at least one criterion (A).' };
  const empty = criteria.findIndex((c) => c.text === '');
  if (empty >= 0) return { missing: `Criterion ${empty + 1} has no text.` };
  const bad = criteria.findIndex((c) => !(Number.isInteger(c.weight) && c.weight >= 1 && c.weight <= 10));
  if (bad >= 0) return { missing: `Criterion ${bad + 1} needs a weight from 1 to 10.` };
  return { response: { stage: 'author', criteria } };
}

export const authorShortcuts = [
  { keys: ['A'], label: 'Add a criterion (type its text; Esc to leave the field)' },
  { keys: ['↑', '↓'], label: 'Move between criteria' },
  { keys: ['1–9', '0'], label: 'Weight (0 = 10)' },
  { keys: ['E'], label: 'Essential on / off' },
  { keys: ['Enter'], label: 'Edit the text' },
  { keys: ['X'], label: 'Remove the criterion' },
];

/**
 * Rubric grading: for each candidate response, mark every criterion met (M) or not met (N); the
 * cursor moves on to the next criterion, then the next response. ↑/↓ (J/K) move between criteria,
 * ←/→ between responses; Q quotes the text selected in the response as evidence, E types it.
 */
import { useRef } from 'react';
import type { RubricPayload } from '../../../../src/domain/rubric.js';
import { Markdown } from '../../components/Markdown.js';
import { useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps } from './types.js';

type GradePayload = Extract<RubricPayload, { stage: 'grade' }>;
interface Verdict {
  met: boolean | null;
  evidence: string;
}
export interface GradeDraft {
  /** response id → criterion id → verdict */
  verdicts: Record<string, Record<string, Verdict>>;
  response: number;
  cursor: number;
  rationale?: string;
}

export const gradeInitial = (p: GradePayload): GradeDraft => ({
  verdicts: Object.fromEntries(
    p.responses.map((r) => [r.id, Object.fromEntries(p.criteria.map((c) => [c.id, { met: null, evidence: '' }]))]),
  ),
  response: 0,
  cursor: 0,
});

export function RubricGrade({ task, value, onChange, common }: RendererProps<GradeDraft>) {
  const p = task.payload as GradePayload;
  const evidenceInputs = useRef<(HTMLInputElement | null)[]>([]);
  const responseRef = useRef<HTMLDivElement>(null);
  const nc = p.criteria.length;
  const current = p.responses[value.response];
  const set = (criterion: string, patch: Partial<Verdict>, advance: boolean) => {
    const verdicts = {
      ...value.verdicts,
      [current.id]: { ...value.verdicts[current.id], [criterion]: { ...value.verdicts[current.id][criterion], ...patch } },
    };
    let { response, cursor } = value;
    if (advance) {
      if (cursor + 1 < nc) cursor++;
      else if (response + 1 < p.responses.length) [response, cursor] = [response + 1, 0];
    }
    onChange({ ...value, verdicts, response, cursor });
  };
  const quote = () => {
    const selected = window.getSelection()?.toString().trim() ?? '';
    if (selected && current.text.includes(selected)) set(p.criteria[value.cursor].id, { evidence: selected }, false);
  };

  useKeys(common, (e) => {
    const k = e.key.toLowerCase();
    const criterion = p.criteria[value.cursor].id;
    if (k === 'm' || k === 'n') set(criterion, { met: k === 'm' }, true);
    else if (k === 'q') quote();
    else if (k === 'e') evidenceInputs.current[value.cursor]?.focus();
    else if (e.key === 'ArrowDown' || k === 'j') onChange({ ...value, cursor: Math.min(nc - 1, value.cursor + 1) });
    else if (e.key === 'ArrowUp' || k === 'k') onChange({ ...value, cursor: Math.max(0, value.cursor - 1) });
    else if (e.key === 'ArrowRight') onChange({ ...value, response: Math.min(p.responses.length - 1, value.response + 1), cursor: 0 });
    else if (e.key === 'ArrowLeft') onChange({ ...value, response: Math.max(0, value.response - 1), cursor: 0 });
    else return false;
    return true;
  });

  return (
    <div className="renderer rubric-grade">
      <Prompt text={p.prompt} context={p.context} label="Prompt" />
      <div className="choice-bar" role="tablist" aria-label="Responses">
        {p.responses.map((r, i) => {
          const done = p.criteria.every((c) => value.verdicts[r.id][c.id].met !== null);
          return (
            <button
              key={r.id}
              type="button"
              role="tab"
              aria-selected={i === value.response}
              className={`choice ${i === value.response ? 'selected' : ''}`}
              onClick={() => onChange({ ...value, response: i, cursor: 0 })}
            >
              Response {r.id.toUpperCase()} {done ? '✓' : ''}
            </button>
          );
        })}
      </div>
      <div className="two-col">
        <section className="response-card" aria-label={`Response ${current.id.toUpperCase()}`} ref={responseRef}>
          <Markdown text={current.text} />
        </section>
        <ol className="step-list" aria-label="Criteria">
          {p.criteria.map((c, i) => {
            const v = value.verdicts[current.id][c.id];
            const mark = v.met === null ? '' : v.met ? 'verdict-correct' : 'verdict-incorrect';
            return (
              <li
                key={c.id}
                className={`step ${value.cursor === i ? 'cursor' : ''} ${mark}`}
                aria-current={value.cursor === i ? 'step' : undefined}
              >
                <div className="step-head">
                  <span className="step-no">
                    {c.id} · weight {c.weight}
                    {c.essential ? ' · essential' : ''}
                  </span>
                  <span className="step-mark">{v.met === null ? 'not graded' : v.met ? 'met' : 'not met'}</span>
                </div>
                <p>{c.text}</p>
                <div className="step-verdicts">
                  {([true, false] as const).map((m) => (
                    <label key={String(m)} className={`choice small ${v.met === m ? 'selected' : ''}`}>
                      <input
                        type="radio"
                        name={`v-${task.id}-${current.id}-${c.id}`}
                        checked={v.met === m}
                        onChange={() => set(c.id, { met: m }, false)}
                      />
                      {m ? 'Met' : 'Not met'}
                    </label>
                  ))}
                  <input
                    ref={(el) => {
                      evidenceInputs.current[i] = el;
                    }}
                    aria-label={`Evidence for ${c.id}`}
                    placeholder="evidence: a quote from the response"
                    value={v.evidence}
                    onChange={(e) => set(c.id, { evidence: e.target.value }, false)}
                  />
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

export function buildGrade(v: GradeDraft, p: GradePayload) {
  for (const r of p.responses) {
    const left = p.criteria.filter((c) => v.verdicts[r.id][c.id].met === null);
    if (left.length > 0) return { missing: `Response ${r.id.toUpperCase()}: ${left.length} criteria left (first: ${left[0].id}).` };
    const badQuote = p.criteria.find(
      (c) => v.verdicts[r.id][c.id].evidence.trim() !== '' && !r.text.includes(v.verdicts[r.id][c.id].evidence.trim()),
    );
    if (badQuote) return { missing: `Response ${r.id.toUpperCase()}, ${badQuote.id}: the evidence must be a quote from the response.` };
  }
  return {
    response: {
      stage: 'grade',
      grades: p.responses.map((r) => ({
        response: r.id,
        verdicts: p.criteria.map((c) => ({
          criterion: c.id,
          met: v.verdicts[r.id][c.id].met,
          evidence: v.verdicts[r.id][c.id].evidence.trim(),
        })),
      })),
    },
  };
}

export const gradeShortcuts = [
  { keys: ['M'], label: 'Met' },
  { keys: ['N'], label: 'Not met' },
  { keys: ['↑', '↓'], label: 'Move between criteria' },
  { keys: ['←', '→'], label: 'Move between responses' },
  { keys: ['Q'], label: 'Quote the selected text as evidence' },
  { keys: ['E'], label: 'Type the evidence' },
];

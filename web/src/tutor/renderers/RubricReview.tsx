/**
 * Rubric review: approve the version (A) or send it back (B, then say what to change: the comment
 * field takes the focus; Esc leaves it). The author is never the reviewer (the server sees to it).
 */
import { useEffect, useRef } from 'react';
import type { RubricPayload } from '../../../../src/domain/rubric.js';
import { useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import { Candidates } from './RubricAuthor.js';
import type { RendererProps } from './types.js';

export interface ReviewDraft {
  decision: 'approve' | 'send_back' | null;
  comment: string;
  rationale?: string;
}

type ReviewPayload = Extract<RubricPayload, { stage: 'review' }>;

/** The criteria of a version, as a read-only list. */
export function CriteriaList({ criteria }: { criteria: ReviewPayload['criteria'] }) {
  return (
    <ol className="step-list" aria-label="Criteria">
      {criteria.map((c) => (
        <li key={c.id} className="step">
          <div className="step-head">
            <span className="step-no">{c.id}</span>
            <span>
              weight {c.weight}
              {c.essential ? ' · essential' : ''}
            </span>
          </div>
          <p>{c.text}</p>
        </li>
      ))}
    </ol>
  );
}

export function RubricReview({ task, value, onChange, common }: RendererProps<ReviewDraft>) {
  const p = task.payload as ReviewPayload;
  const comment = useRef<HTMLTextAreaElement>(null);
  const focusComment = useRef(false);
  useEffect(() => {
    if (focusComment.current) comment.current?.focus();
    focusComment.current = false;
  });
  const decide = (decision: 'approve' | 'send_back') => {
    focusComment.current = decision === 'send_back';
    onChange({ ...value, decision });
  };
  useKeys(common, (e) => {
    const k = e.key.toLowerCase();
    if (k === 'a') decide('approve');
    else if (k === 'b') decide('send_back');
    else return false;
    return true;
  });

  return (
    <div className="renderer rubric-review">
      <Prompt text={p.prompt} context={p.context} label="Prompt" />
      <Candidates payload={p} />
      <h2 className="section-title">
        Rubric {p.rubric.item}, version {p.rubric.version}
      </h2>
      <CriteriaList criteria={p.criteria} />
      <div className="choice-bar" role="radiogroup" aria-label="Decision">
        {(['approve', 'send_back'] as const).map((d) => (
          <label key={d} className={`choice ${value.decision === d ? 'selected' : ''}`}>
            <input type="radio" name={`decision-${task.id}`} checked={value.decision === d} onChange={() => decide(d)} />
            <kbd>{d === 'approve' ? 'A' : 'B'}</kbd> {d === 'approve' ? 'Approve' : 'Send back'}
          </label>
        ))}
      </div>
      {value.decision === 'send_back' && (
        <textarea
          ref={comment}
          aria-label="What to change"
          placeholder="What should the author change?"
          value={value.comment}
          onChange={(e) => onChange({ ...value, comment: e.target.value })}
        />
      )}
    </div>
  );
}

export function buildReview(v: ReviewDraft) {
  if (!v.decision) return { missing: 'Approve (A) or send back (B).' };
  if (v.decision === 'send_back' && v.comment.trim() === '') return { missing: 'Say what to change before sending it back.' };
  return { response: { stage: 'review', decision: v.decision, comment: v.comment.trim() } };
}

export const reviewShortcuts = [
  { keys: ['A'], label: 'Approve' },
  { keys: ['B'], label: 'Send back (then write what to change)' },
];

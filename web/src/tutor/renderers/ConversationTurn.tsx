/** One message of a conversation task; an assistant turn carries its judgment (scores, label, rank, rewrite). */
import type { RefObject } from 'react';
import type { ConversationTurn, TurnJudgment } from '../../../../src/domain/conversation.js';
import type { RubricAxis } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { ChatTurn } from './Conversation.js';

type Judged = Omit<TurnJudgment, 'turn'>;

interface Props {
  index: number;
  message: ConversationTurn;
  /** 1-based among the assistant turns (0 for other roles). */
  turnNo: number;
  current: boolean;
  judged: Judged;
  firstBad: boolean;
  axes: RubricAxis[];
  /** The axis being scored, -1 when this is not the current turn. */
  axis: number;
  labels: string[];
  rewriteRef?: RefObject<HTMLTextAreaElement | null>;
  onFocusTurn: () => void;
  onChange: (patch: Partial<Judged>) => void;
}

export function TurnCard({
  index,
  message,
  turnNo,
  current,
  judged,
  firstBad,
  axes,
  axis,
  labels,
  rewriteRef,
  onFocusTurn,
  onChange,
}: Props) {
  if (message.role !== 'assistant') return <ChatTurn role={message.role} text={message.content ?? ''} />;
  const order = judged.order ?? [];
  return (
    <ChatTurn role={`assistant · turn ${turnNo}`} className={`judged ${current ? 'cursor' : ''} ${firstBad ? 'first-bad' : ''}`}>
      <fieldset className="turn-judgment" aria-current={current ? 'step' : undefined} onFocus={onFocusTurn}>
        <legend className="visually-hidden">Turn {turnNo}</legend>
        {firstBad && <p className="first-bad-mark">First turn that goes wrong</p>}
        {message.alternatives ? (
          <ol className="alternatives" aria-label={`Turn ${turnNo} replies`}>
            {message.alternatives.map((a, n) => {
              const rank = order.indexOf(a.id);
              return (
                <li key={a.id} className={`alternative ${rank === 0 ? 'best' : ''}`}>
                  <span className="alt-no">
                    Reply {n + 1}
                    {rank >= 0 && <span className="rank-badge"> · ranked {rank + 1}</span>}
                    {message.continuesFrom === a.id && <span className="muted small"> · the chat continues from this reply</span>}
                  </span>
                  <Markdown text={a.text} />
                </li>
              );
            })}
          </ol>
        ) : (
          <Markdown text={message.content ?? ''} />
        )}
        {axes.length > 0 && (
          <div className="turn-scores" role="group" aria-label={`Turn ${turnNo} scores`}>
            {axes.map((a, i) => (
              <label key={a.name} className={`turn-axis ${axis === i ? 'current' : ''}`}>
                {a.name}{' '}
                <select
                  value={judged.scores?.[a.name] ?? ''}
                  onChange={(e) => onChange({ scores: { ...judged.scores, [a.name]: Number(e.target.value) } })}
                >
                  <option value="">–</option>
                  {Array.from({ length: a.scale }, (_, k) => k + 1).map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        )}
        {labels.length > 0 && (
          <div className="turn-labels" role="group" aria-label={`Turn ${turnNo} labels`}>
            {labels.map((l) => (
              <label key={l} className={`choice small ${judged.labels?.includes(l) ? 'selected' : ''}`}>
                <input
                  type="checkbox"
                  checked={judged.labels?.includes(l) ?? false}
                  onChange={(e) =>
                    onChange({ labels: e.target.checked ? [...(judged.labels ?? []), l] : (judged.labels ?? []).filter((x) => x !== l) })
                  }
                />
                {l}
              </label>
            ))}
          </div>
        )}
        {judged.rewrite !== undefined && (
          <label className="turn-rewrite">
            Rewrite of turn {turnNo}
            <textarea
              id={`rewrite-${index}`}
              ref={rewriteRef}
              rows={4}
              value={judged.rewrite}
              onChange={(e) => onChange({ rewrite: e.target.value })}
            />
            <button type="button" className="link" onClick={() => onChange({ rewrite: undefined })}>
              Discard the rewrite
            </button>
          </label>
        )}
      </fieldset>
    </ChatTurn>
  );
}

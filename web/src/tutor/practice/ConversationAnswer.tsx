/** A conversation answer in words: the first bad turn, then per assistant turn its scores, labels, ranking and rewrite. */
import type { TurnJudgment } from '../../../../src/domain/conversation.js';
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';

export function ConversationAnswer({ r, payload }: { r: Record<string, unknown>; payload?: TaskPayload }) {
  const messages = (payload as TaskPayload<'conversation'> | undefined)?.messages ?? [];
  const assistant = messages.flatMap((m, i) => (m.role === 'assistant' ? [i] : []));
  const name = (turn: number) => (assistant.includes(turn) ? `Turn ${assistant.indexOf(turn) + 1}` : `Message ${turn}`);
  const replyName = (turn: number, id: string) => {
    const n = messages[turn]?.alternatives?.findIndex((a) => a.id === id) ?? -1;
    return n >= 0 ? `reply ${n + 1}` : `reply “${id}”`;
  };
  const turns = Array.isArray(r.turns) ? (r.turns as TurnJudgment[]) : [];
  const first = r.firstBadTurn;
  return (
    <>
      <p>First turn that goes wrong: {typeof first === 'number' ? name(first) : first === null ? 'none' : '—'}</p>
      <ol className="answer-turns">
        {turns.map((t) => (
          <li key={t.turn}>
            <strong>{name(t.turn)}</strong>
            {Object.entries(t.scores ?? {}).map(([axis, s]) => (
              <span key={axis} className="tag">
                {axis} {s}
              </span>
            ))}
            {(t.labels ?? []).map((l) => (
              <span key={l} className="tag">
                {l}
              </span>
            ))}
            {t.order && <span className="small"> ranked: {t.order.map((id) => replyName(t.turn, id)).join(' > ')}</span>}
            {t.rewrite && <Markdown text={t.rewrite} className="answer-text" />}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * Ranking: press the numbers of the responses from best to worst (the last one falls into place);
 * or move with ←/→ and press Enter. Backspace takes back the last pick.
 */
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { digit, useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface RankingDraft {
  order: string[];
  cursor: number;
  rationale?: string;
}

function complete(order: string[], ids: string[]): string[] {
  const rest = ids.filter((id) => !order.includes(id));
  return rest.length === 1 ? [...order, rest[0]] : order;
}

function Ranking({ task, value, onChange, common }: RendererProps<RankingDraft>) {
  const p = task.payload as TaskPayload<'ranking'>;
  const ids = p.responses.map((r) => r.id);
  const pick = (id: string) => {
    if (value.order.includes(id)) return;
    onChange({ ...value, order: complete([...value.order, id], ids) });
  };
  const undo = () =>
    onChange({ ...value, order: value.order.slice(0, Math.max(0, value.order.length - (value.order.length === ids.length ? 2 : 1))) });

  useKeys(common, (e) => {
    const d = digit(e);
    if (d !== null && d <= ids.length) {
      pick(ids[d - 1]);
      return true;
    }
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
      onChange({ ...value, cursor: (value.cursor + 1) % ids.length });
      return true;
    }
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
      onChange({ ...value, cursor: (value.cursor + ids.length - 1) % ids.length });
      return true;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      pick(ids[value.cursor]);
      return true;
    }
    if (e.key === 'Backspace') {
      undo();
      return true;
    }
    if (e.key === 'x' || e.key === 'X') {
      onChange({ ...value, order: [] });
      return true;
    }
    return false;
  });

  const rankOf = (id: string) => value.order.indexOf(id);
  return (
    <div className="renderer ranking">
      <Prompt text={p.prompt} context={p.context} />
      <ol className="rank-summary" aria-label="Your ranking, best first" aria-live="polite">
        {ids.map((_, i) => {
          const id = value.order[i];
          const n = id === undefined ? null : ids.indexOf(id) + 1;
          return (
            <li key={i} className={n ? 'filled' : ''}>
              {n ? `Response ${n}` : '—'}
            </li>
          );
        })}
      </ol>
      <div className={`grid-responses n${Math.min(ids.length, 3)}`}>
        {p.responses.map((r, i) => {
          const rank = rankOf(r.id);
          return (
            <section
              key={r.id}
              className={`response-card ${value.cursor === i ? 'cursor' : ''} ${rank >= 0 ? 'ranked' : ''}`}
              aria-label={`Response ${i + 1}${rank >= 0 ? `, ranked ${rank + 1}` : ''}`}
            >
              <h2 className="section-title">
                Response {i + 1} {i < 10 && <kbd>{i === 9 ? '0' : i + 1}</kbd>}
                {rank >= 0 && <span className="rank-badge">#{rank + 1}</span>}
              </h2>
              <Markdown text={r.text} />
              <button type="button" onClick={() => pick(r.id)} disabled={rank >= 0}>
                {rank >= 0 ? `Ranked #${rank + 1}` : `Rank next (#${value.order.length + 1})`}
              </button>
            </section>
          );
        })}
      </div>
      <button type="button" onClick={undo} disabled={value.order.length === 0}>
        Undo last pick <kbd>⌫</kbd>
      </button>
    </div>
  );
}

export const ranking: RendererSpec<RankingDraft> = {
  type: 'ranking',
  initial: () => ({ order: [], cursor: 0 }),
  build: (v, task) => {
    const n = (task.payload as TaskPayload<'ranking'>).responses.length;
    return v.order.length === n
      ? { response: { order: v.order } }
      : { missing: `Rank every response: ${v.order.length} of ${n} placed. Press their numbers from best to worst.` };
  },
  shortcuts: (task) => {
    const n = (task.payload as TaskPayload<'ranking'>).responses.length;
    return [
      { keys: [`1–${Math.min(n, 9)}`], label: 'Pick next best' },
      { keys: ['←', '→', 'Enter'], label: 'Move and pick' },
      { keys: ['⌫'], label: 'Undo pick' },
      { keys: ['X'], label: 'Start over' },
    ];
  },
  Component: Ranking,
};

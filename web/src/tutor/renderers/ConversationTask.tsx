/**
 * Conversation: judge each assistant turn of a chat. J/K move between turns; ↑/↓ choose the rubric
 * axis and a number scores it; L cycles the turn's label; B marks the turn as the first that goes
 * wrong, N says none does; E rewrites the turn. On a branch (several replies), the numbers first rank
 * the replies best to worst (Backspace takes back, X clears), then score the best one.
 */
import { useEffect, useRef } from 'react';
import type { ConversationResponse, TurnJudgment } from '../../../../src/domain/conversation.js';
import type { Project, TaskPayload } from '../../api/types.js';
import { digit, useKeys } from '../useKeys.js';
import { TurnCard } from './ConversationTurn.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface ConversationDraft {
  /** Index into the assistant turns. */
  cursor: number;
  axis: number;
  turns: Record<number, Omit<TurnJudgment, 'turn'>>;
  /** undefined until the tutor decides; null = no turn goes wrong. */
  firstBad?: number | null;
  rationale?: string;
}

type Messages = TaskPayload<'conversation'>['messages'];
const messagesOf = (task: { payload: unknown }): Messages => (task.payload as TaskPayload<'conversation'>).messages;
const assistantTurns = (m: Messages) => m.flatMap((x, i) => (x.role === 'assistant' ? [i] : []));

function ConversationTask({ task, project, value, onChange, common }: RendererProps<ConversationDraft>) {
  const messages = messagesOf(task);
  const turns = assistantTurns(messages);
  const current = turns[value.cursor];
  const axes = project.rubric ?? [];
  const labels = project.labels ?? [];
  const rewriteRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const judged = value.turns[current] ?? {};
  const setTurn = (turn: number, patch: Partial<Omit<TurnJudgment, 'turn'>>, more: Partial<ConversationDraft> = {}) =>
    onChange({ ...value, ...more, turns: { ...value.turns, [turn]: { ...value.turns[turn], ...patch } } });
  const alternatives = messages[current]?.alternatives;
  const ranking = alternatives && (judged.order?.length ?? 0) < alternatives.length;

  const pick = (id: string) => {
    const ids = alternatives!.map((a) => a.id);
    const order = [...(judged.order ?? [])];
    if (order.includes(id)) return;
    order.push(id);
    const rest = ids.filter((x) => !order.includes(x));
    setTurn(current, { order: rest.length === 1 ? [...order, rest[0]] : order });
  };
  const score = (s: number) => {
    const axis = axes[value.axis];
    if (!axis || s > axis.scale) return;
    setTurn(current, { scores: { ...judged.scores, [axis.name]: s } }, { axis: Math.min(axes.length - 1, value.axis + 1) });
  };
  const move = (by: number) => onChange({ ...value, cursor: Math.min(turns.length - 1, Math.max(0, value.cursor + by)), axis: 0 });

  useKeys(common, (e) => {
    const k = e.key.toLowerCase();
    const d = digit(e);
    if (d !== null) {
      if (ranking) {
        if (d <= alternatives.length) pick(alternatives[d - 1].id);
      } else score(d);
      return true;
    }
    if (k === 'j') return (move(1), true);
    if (k === 'k') return (move(-1), true);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      onChange({ ...value, axis: Math.min(axes.length - 1, Math.max(0, value.axis + (e.key === 'ArrowDown' ? 1 : -1))) });
      return true;
    }
    if (k === 'l' && labels.length > 0) {
      const at = labels.indexOf(judged.labels?.[0] ?? '');
      const next = labels[at + 1];
      setTurn(current, { labels: next ? [next] : [] });
      return true;
    }
    if (k === 'b') return (onChange({ ...value, firstBad: value.firstBad === current ? undefined : current }), true);
    if (k === 'n') return (onChange({ ...value, firstBad: null }), true);
    if (k === 'e') {
      if (judged.rewrite === undefined) setTurn(current, { rewrite: '' });
      setTimeout(() => rewriteRef.current?.focus(), 0);
      return true;
    }
    if (e.key === 'Backspace' && alternatives) return (setTurn(current, { order: (judged.order ?? []).slice(0, -1) }), true);
    if (k === 'x' && alternatives) return (setTurn(current, { order: [] }), true);
    return false;
  });

  useEffect(() => {
    listRef.current?.querySelectorAll('.judged')[value.cursor]?.scrollIntoView?.({ block: 'nearest' });
  }, [value.cursor]);

  return (
    <div className="renderer conversation-task">
      <p className="first-bad-status" aria-live="polite">
        {value.firstBad === undefined
          ? 'First turn that goes wrong: not decided yet (B on a turn, or N for none)'
          : value.firstBad === null
            ? 'First turn that goes wrong: none'
            : `First turn that goes wrong: turn ${turns.indexOf(value.firstBad) + 1}`}
      </p>
      <ol className="chat" ref={listRef} aria-label="Conversation">
        {messages.map((m, i) => (
          <TurnCard
            key={i}
            index={i}
            message={m}
            turnNo={turns.indexOf(i) + 1}
            current={i === current}
            judged={value.turns[i] ?? {}}
            firstBad={value.firstBad === i}
            axes={axes}
            axis={i === current ? value.axis : -1}
            labels={labels}
            rewriteRef={i === current ? rewriteRef : undefined}
            onFocusTurn={() => onChange({ ...value, cursor: turns.indexOf(i) })}
            onChange={(patch) => setTurn(i, patch)}
          />
        ))}
      </ol>
    </div>
  );
}

/** What each turn still needs (scores on every axis, a label when there is no rubric, a full order). */
function turnMissing(m: Messages[number], j: Omit<TurnJudgment, 'turn'> | undefined, project: Project): string | null {
  const axes = project.rubric ?? [];
  const unscored = axes.filter((a) => j?.scores?.[a.name] === undefined).map((a) => a.name);
  if (m.alternatives && (j?.order?.length ?? 0) < m.alternatives.length) return 'rank its replies';
  if (unscored.length > 0) return `score ${unscored.join(', ')}`;
  if (axes.length === 0 && !(j?.labels?.length ?? 0)) return 'label it';
  if (j?.rewrite !== undefined && j.rewrite.trim() === '') return 'write the rewrite or clear it';
  return null;
}

export const conversation: RendererSpec<ConversationDraft> = {
  type: 'conversation',
  initial: () => ({ cursor: 0, axis: 0, turns: {} }),
  longText: true,
  build: (v, task, project) => {
    const messages = messagesOf(task);
    const turns = assistantTurns(messages);
    for (const [n, i] of turns.entries()) {
      const missing = turnMissing(messages[i], v.turns[i], project);
      if (missing) return { missing: `Turn ${n + 1}: ${missing}.` };
    }
    if (v.firstBad === undefined) return { missing: 'Mark the first turn that goes wrong (B), or none (N).' };
    const response: ConversationResponse = {
      turns: turns.map((turn) => {
        const { scores, labels, rewrite, order } = v.turns[turn] ?? {};
        return {
          turn,
          ...(scores && Object.keys(scores).length > 0 ? { scores } : {}),
          ...(labels && labels.length > 0 ? { labels } : {}),
          ...(rewrite?.trim() ? { rewrite: rewrite.trim() } : {}),
          ...(messages[turn].alternatives ? { order } : {}),
        };
      }),
      firstBadTurn: v.firstBad,
    };
    return { response };
  },
  shortcuts: (_task, project) => [
    { keys: ['J', 'K'], label: 'Next / previous turn' },
    ...((project.rubric ?? []).length > 0
      ? [
          { keys: ['1–9'], label: 'Score the axis (on a branch: rank the replies first)' },
          { keys: ['↑', '↓'], label: 'Choose axis' },
        ]
      : [{ keys: ['1–9'], label: 'Rank a branch’s replies, best first' }]),
    ...((project.labels ?? []).length > 0 ? [{ keys: ['L'], label: 'Cycle the turn’s label' }] : []),
    { keys: ['B'], label: 'First turn that goes wrong' },
    { keys: ['N'], label: 'No turn goes wrong' },
    { keys: ['E'], label: 'Rewrite the turn' },
    { keys: ['Backspace', 'X'], label: 'Undo / clear a ranking' },
  ],
  Component: ConversationTask,
};

/**
 * A live chat with the models, keyboard first: type the user turn and press Enter to ask; the
 * replies come back blind (numbered 1…k in a random order); digits rank them best first (Backspace
 * undoes); Enter continues with the best, E edits it first (Ctrl+Enter keeps the edit); F finishes.
 * The session is stored on the server turn by turn, so a reload resumes it where it was.
 */
import { useEffect, useRef, useState } from 'react';
import { liveApi, type LiveSession } from '../../api/live.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { Markdown } from '../../components/Markdown.js';
import { ShortcutList, type Shortcut } from '../../components/Shortcuts.js';
import { useAsync } from '../../lib/useAsync.js';
import { strings } from '../../strings/index.js';
import { ChatTurn } from '../renderers/Conversation.js';
import { digit, useKeys } from '../useKeys.js';

const t = strings.live;

export function LiveChat({ projectId }: { projectId: string }) {
  const { data, error, loading, reload } = useAsync(() => liveApi.list(projectId), [projectId]);
  const [session, setSession] = useState<LiveSession | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ error: unknown; doing: string } | null>(null);
  // The latest open session resumes; a finished one stays on screen until another is started.
  const current = session ?? data?.sessions.find((s) => s.state === 'open') ?? null;

  const run = async (doing: string, action: () => Promise<LiveSession>) => {
    if (busy) return;
    setBusy(doing);
    setFailure(null);
    try {
      setSession(await action());
    } catch (err) {
      setFailure({ error: err, doing });
    } finally {
      setBusy(null);
    }
  };
  const start = () => run(t.starting, () => liveApi.start(projectId));

  return (
    <main id="main" className="page live-chat">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {loading && !data && <Loading what={t.loading} />}
      <ErrorMessage error={error} doing={t.doing} onRetry={() => void reload()} />
      {failure && <ErrorMessage error={failure.error} doing={failure.doing} />}
      {data && !current && <StartPanel onStart={start} busy={busy !== null} />}
      {current && <Session key={current.id} projectId={projectId} session={current} busy={busy} run={run} onStart={start} />}
    </main>
  );
}

function StartPanel({ onStart, busy }: { onStart: () => void; busy: boolean }) {
  useKeys(
    () => false,
    (e) => (e.key === 'n' || e.key === 'N' ? (onStart(), true) : false),
  );
  return (
    <>
      <button type="button" className="primary" onClick={onStart} disabled={busy}>
        {t.start} <kbd>N</kbd>
      </button>
      <ShortcutList shortcuts={[{ keys: ['N'], label: t.keys.start }]} />
    </>
  );
}

interface SessionProps {
  projectId: string;
  session: LiveSession;
  busy: string | null;
  run: (doing: string, action: () => Promise<LiveSession>) => Promise<void>;
  onStart: () => void;
}

function Session({ projectId, session: s, busy, run, onStart }: SessionProps) {
  const [draft, setDraft] = useState('');
  const [order, setOrder] = useState<string[]>([]);
  const [edit, setEdit] = useState<string | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const asking = s.asking;
  const replies = asking?.replies ?? [];
  const ranked = replies.length > 0 && order.length === replies.length && (asking?.waiting ?? 0) === 0;
  const hasAnswer = s.messages.some((m) => m.role === 'assistant');
  const finished = s.state === 'finished';
  const lastUser = s.messages.at(-1)?.role === 'user' ? s.messages.at(-1)!.content : '';

  // A new turn to rank starts with an empty ranking; the composer takes the focus when it is shown.
  const turnKey = asking ? `${asking.turn}:${replies.map((r) => r.id).join(',')}` : 'compose';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is keyed on the turn being ranked
  useEffect(() => {
    setOrder([]);
    setEdit(null);
  }, [turnKey]);
  useEffect(() => {
    if (!asking && !finished) composer.current?.focus();
  }, [asking, finished]);
  const editing = edit !== null;
  useEffect(() => {
    if (editing) editor.current?.focus();
  }, [editing]);

  const ask = () => {
    const content = draft.trim();
    if (!content || busy) return;
    void run(t.askDoing, async () => {
      const next = await liveApi.ask(projectId, s.id, s.messages.length, content);
      setDraft('');
      return next;
    });
  };
  const retry = () => asking && void run(t.askDoing, () => liveApi.ask(projectId, s.id, asking.turn - 1, lastUser));
  const choose = (withEdit?: string) =>
    asking && void run(t.chooseDoing, () => liveApi.choose(projectId, s.id, asking.turn, order, withEdit));
  const finish = () => hasAnswer && void run(t.finishDoing, () => liveApi.finish(projectId, s.id));

  useKeys(
    (e) => {
      if (edit === null) return false;
      if (e.key === 'Escape') return (setEdit(null), true);
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && edit.trim()) return (choose(edit), true);
      return false;
    },
    (e) => {
      if (finished) return e.key === 'n' || e.key === 'N' ? (onStart(), true) : false;
      if (e.key === 'f' || e.key === 'F') return (finish(), true);
      if (!asking) return e.key === 'i' || e.key === 'I' ? (composer.current?.focus(), true) : false;
      if (e.key === 'r' || e.key === 'R') return (retry(), true);
      const d = digit(e);
      if (d !== null && d <= replies.length) {
        const id = replies[d - 1].id;
        if (!order.includes(id)) setOrder([...order, id]);
        return true;
      }
      if (e.key === 'Backspace') return (setOrder(order.slice(0, -1)), true);
      if (ranked && e.key === 'Enter') return (choose(), true);
      if (ranked && (e.key === 'e' || e.key === 'E')) return (setEdit(replies.find((r) => r.id === order[0])!.text), true);
      return false;
    },
  );

  const shortcuts: Shortcut[] = finished
    ? [{ keys: ['N'], label: t.keys.start }]
    : asking
      ? [
          { keys: ['1…9'], label: t.keys.rank },
          { keys: ['Backspace'], label: t.keys.undo },
          { keys: ['Enter'], label: t.keys.cont },
          { keys: ['E'], label: t.keys.edit },
          { keys: ['R'], label: t.keys.retry },
          { keys: ['F'], label: t.keys.finish },
        ]
      : [
          { keys: ['Enter'], label: t.keys.ask },
          { keys: ['Esc'], label: t.keys.leave },
          { keys: ['I'], label: t.keys.type },
          { keys: ['F'], label: t.keys.finish },
        ];

  return (
    <section aria-label={t.title} className="live-session">
      <ol className="conversation live-messages">
        {s.messages.map((m, i) => (
          <ChatTurn key={i} role={m.role} text={m.content} />
        ))}
      </ol>
      {busy && <p aria-live="polite">{busy === t.askDoing ? t.asking : `${busy}…`}</p>}
      {finished && (
        <p role="status" className="notice">
          {t.finished(s.taskId ?? '')}{' '}
          <button type="button" onClick={onStart}>
            {t.another} <kbd>N</kbd>
          </button>
        </p>
      )}
      {!finished && !asking && (
        <label className="live-composer">
          <span>{t.composer}</span>
          <textarea
            ref={composer}
            value={draft}
            rows={3}
            disabled={busy !== null}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                ask();
              } else if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
          <span className="muted small">{t.composerHint}</span>
        </label>
      )}
      {!finished && asking && <Replies replies={replies} order={order} waiting={asking.waiting} failed={asking.failed} ranked={ranked} />}
      {edit !== null && (
        <label className="live-edit">
          <span>{t.edit}</span>
          <textarea ref={editor} value={edit} rows={5} onChange={(e) => setEdit(e.target.value)} />
          <span className="muted small">{t.editHint}</span>
        </label>
      )}
      {!finished && hasAnswer && (
        <button type="button" onClick={finish} disabled={busy !== null}>
          {t.finish} <kbd>F</kbd>
        </button>
      )}
      <ShortcutList shortcuts={shortcuts} />
    </section>
  );
}

function Replies(props: { replies: { id: string; text: string }[]; order: string[]; waiting: number; failed: number; ranked: boolean }) {
  const { replies, order, waiting, failed, ranked } = props;
  return (
    <section aria-label={t.replies(replies.length)}>
      <h2 className="section-title">{t.replies(replies.length)}</h2>
      {waiting > 0 && <p className="notice">{t.waiting(waiting)}</p>}
      {failed > 0 && <p className="notice">{t.failed(failed)}</p>}
      {ranked && <p role="status">{t.ranked}</p>}
      <div className={`grid-responses n${Math.min(Math.max(replies.length, 1), 3)}`}>
        {replies.map((r, i) => {
          const rank = order.indexOf(r.id);
          return (
            <article
              key={r.id}
              className={`response-card ${rank >= 0 ? 'ranked' : ''} ${rank === 0 ? 'chosen' : ''}`}
              aria-label={`${t.reply(i + 1)}${rank >= 0 ? `, ${t.rank(rank + 1)}` : ''}`}
            >
              <h3 className="section-title">
                <kbd>{String(i + 1)}</kbd> {t.reply(i + 1)} {rank >= 0 && <span className="rank-badge">#{rank + 1}</span>}
              </h3>
              <Markdown text={r.text} />
            </article>
          );
        })}
      </div>
    </section>
  );
}

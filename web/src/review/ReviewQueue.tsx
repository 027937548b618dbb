/**
 * The review queue for reviewers (and managers): open items by project and reason, each opened to
 * the task, its annotations (pseudonymous tutor ids), the current consensus and a verdict given with
 * the task type's own renderer. A decided item leaves the queue.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { qualityApi, type ReviewItem, type ReviewReason } from '../api/qualityLoop.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { ShortcutList } from '../components/Shortcuts.js';
import { TYPE_NAMES } from '../lib/format.js';
import { navigate, useSearch } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { isTyping } from '../tutor/useKeys.js';
import { dateTime } from '../lib/format.js';
import { strings } from '../strings/index.js';

const S = strings.review.queue;

export const REASONS: Record<ReviewReason, string> = strings.review.reasons;

const when = (iso: string) => dateTime(iso);
const PAGE_SIZE = 50;

export function ReviewQueue() {
  const search = useSearch();
  const projectId = search.get('projectId') ?? '';
  const reason = search.get('reason') ?? '';
  const decided = search.get('decided');
  const state = search.get('state') === 'decided' ? 'decided' : 'open';
  // Pages by the server's cursor; "Previous" walks back the cursors seen (reset when a filter changes).
  const pageKey = `${projectId}|${state}`;
  const [cursors, setCursors] = useState<{ key: string; stack: number[] }>({ key: pageKey, stack: [] });
  const stack = cursors.key === pageKey ? cursors.stack : [];
  const after = stack[stack.length - 1] ?? 0;
  const { data, error, loading, reload } = useAsync(
    () => qualityApi.reviews({ projectId: projectId ? Number(projectId) : undefined, state, limit: PAGE_SIZE, after }),
    [projectId, state, after],
  );
  const all = data?.reviews ?? [];
  const items = reason ? all.filter((r) => r.reason === reason) : all;
  const projects = useMemo(() => {
    const m = new Map<number, string>();
    for (const r of all) m.set(r.projectId, r.projectName);
    if (projectId && !m.has(Number(projectId))) m.set(Number(projectId), S.projectN(projectId));
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all, projectId]);

  const setFilter = (key: string, value: string) => {
    const p = new URLSearchParams(location.search);
    p.delete('decided');
    if (value) p.set(key, value);
    else p.delete(key);
    const s = p.toString();
    navigate(`/review${s ? `?${s}` : ''}`, { replace: true });
  };

  // 1–9 open the n-th item in view; U refreshes (not while typing, not with modifiers).
  const keysRef = useRef({ items, reload });
  keysRef.current = { items, reload };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const { items: list, reload: again } = keysRef.current;
      const n = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
      if (n > 0 && list[n - 1]) {
        e.preventDefault();
        navigate(`/review/${list[n - 1].id}`);
      } else if (e.key === 'u' || e.key === 'U') {
        e.preventDefault();
        void again();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main id="main" className="page review-queue">
      <div className="page-head">
        <h1>{S.title}</h1>
        <button type="button" onClick={() => void reload()} disabled={loading}>
          {S.refresh} <kbd>U</kbd>
        </button>
      </div>
      <ShortcutList
        shortcuts={[
          { keys: ['1–9'], label: S.openN },
          { keys: ['U'], label: S.refresh },
        ]}
      />
      {decided && (
        <p className="success" role="status">
          {S.decided}
        </p>
      )}
      <div className="filters">
        <label className="inline-select">
          {S.show}
          <select value={state} onChange={(e) => setFilter('state', e.target.value === 'decided' ? 'decided' : '')}>
            <option value="open">{S.openItems}</option>
            <option value="decided">{S.decidedItems}</option>
          </select>
        </label>
        <label className="inline-select">
          {S.project}
          <select value={projectId} onChange={(e) => setFilter('projectId', e.target.value)}>
            <option value="">{S.allProjects}</option>
            {projects.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-select">
          {S.reason}
          <select value={reason} onChange={(e) => setFilter('reason', e.target.value)}>
            <option value="">{S.allReasons}</option>
            {Object.entries(REASONS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      {loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && items.length === 0 && <p className="empty">{state === 'decided' ? S.noDecided : S.empty}</p>}
      <ul className="review-list">
        {items.map((r, i) => (
          <QueueRow key={r.id} r={r} n={i + 1} />
        ))}
      </ul>
      <nav className="pager" aria-label={S.pages}>
        <button type="button" disabled={stack.length === 0} onClick={() => setCursors({ key: pageKey, stack: stack.slice(0, -1) })}>
          {S.previous}
        </button>
        <span className="muted small">{S.page(stack.length + 1)}</span>
        <button
          type="button"
          disabled={!data?.nextAfter}
          onClick={() => data?.nextAfter && setCursors({ key: pageKey, stack: [...stack, data.nextAfter] })}
        >
          {S.next}
        </button>
      </nav>
    </main>
  );
}

function QueueRow({ r, n }: { r: ReviewItem; n: number }) {
  return (
    <li className="panel review-row">
      <div className="review-row-main">
        <p className="small muted">
          <span className={`reason reason-${r.reason}`}>{REASONS[r.reason] ?? r.reason}</span> · {r.projectName} ·{' '}
          <span className="tag">{r.task.domain}</span> {TYPE_NAMES[r.task.type] ?? r.task.type} · {r.annotations.length}{' '}
          {S.annotations(r.annotations.length)} · {when(r.createdAt)}
        </p>
        <p className="review-snippet">{snippet(r)}</p>
        {r.note && (
          <p className="small">
            <span className="muted">{S.note}</span>
            {r.note}
          </p>
        )}
        {r.state === 'decided' && (
          <p className="small decided-line">
            <span className="muted">{S.decidedAt(r.decidedAt ? when(r.decidedAt) : '')}</span>
            <code>{JSON.stringify(r.verdict)}</code>
            {r.comment ? ` — ${r.comment}` : ''}
          </p>
        )}
      </div>
      <Link to={`/review/${r.id}`} className="button primary" aria-label={S.openLabel(r.id)}>
        {S.open} {n <= 9 && <kbd>{n}</kbd>}
      </Link>
    </li>
  );
}

/** The first words of the task, as plain text (React escapes it). */
function snippet(r: ReviewItem): string {
  const p = r.task.payload as { prompt?: string; text?: string };
  const t = (p.prompt ?? p.text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t || S.taskN(r.task.id);
}

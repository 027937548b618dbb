/**
 * The tutor workspace for one project: the current task in its renderer, the lease clock, the
 * rationale where asked, submit (Ctrl+Enter) and skip (S, undoable for a few seconds: U), and the
 * next task right after submit.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Lease, Project } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { Loading } from '../components/Loading.js';
import { Markdown } from '../components/Markdown.js';
import { ShortcutList, type Shortcut } from '../components/Shortcuts.js';
import { clearDraft, loadDraft, pruneDrafts, saveDraft } from '../lib/drafts.js';
import { leaseMessage } from '../lib/errors.js';
import { TYPE_NAMES } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';
import { FlagTask } from './quality/FlagTask.js';
import { LeaseTimer } from './LeaseTimer.js';
import { RENDERERS } from './renderers/index.js';
import { SkipUndo } from './SkipUndo.js';
import type { KeyHandler } from './useKeys.js';
import { useLease } from './useLease.js';

const t = strings.tutor.workspace;

export function Workspace({ projectId }: { projectId: string }) {
  const project = useAsync(() => api.project(projectId).then((r) => r.project), [projectId]);
  const lease = useLease(projectId);
  useEffect(() => {
    pruneDrafts();
  }, []);

  const p = project.data;
  return (
    <main id="main" className="page workspace">
      <div className="workspace-head">
        <div>
          <p className="crumbs">
            <Link to="/">{t.projects}</Link> /
          </p>
          <h1>{p?.name ?? t.project}</h1>
          {p && (
            <p className="muted">
              {TYPE_NAMES[p.type] ?? p.type} · {t.submittedThisSession(lease.done)}
            </p>
          )}
        </div>
      </div>
      {p?.instructions && (
        <details className="instructions panel">
          <summary>{t.instructions}</summary>
          <Markdown text={p.instructions} />
        </details>
      )}
      <ErrorMessage error={project.error} doing={t.openProject} onRetry={() => void project.reload()} />
      {lease.state.kind === 'loading' && <Loading what={t.loadingTask} />}
      {lease.state.kind === 'error' && <ErrorMessage error={lease.state.error} doing={t.getTask} onRetry={lease.retry} />}
      {lease.state.kind === 'empty' && (
        <section className="panel done" aria-live="polite">
          <h2>{t.allDone}</h2>
          <p>{t.allDoneText}</p>
          <Link to="/" className="button primary">
            {t.backHome}
          </Link>
        </section>
      )}
      <p className="visually-hidden" aria-live="polite">
        {lease.state.kind === 'task' && !lease.pendingSkip ? t.taskReady(lease.done + 1) : ''}
      </p>
      {lease.state.kind === 'task' && lease.pendingSkip && (
        <SkipUndo pending={lease.pendingSkip} onUndo={lease.undoSkip} onNow={() => void lease.sendSkip()} />
      )}
      {lease.state.kind === 'task' && p && !lease.pendingSkip && (
        <TaskView
          key={String(lease.state.lease.assignment.id)}
          lease={lease.state.lease}
          project={p}
          busy={lease.busy}
          submit={lease.submit}
          skip={lease.skip}
          onShown={lease.markShown}
          retry={lease.retry}
        />
      )}
    </main>
  );
}

interface TaskViewProps {
  lease: Lease;
  project: Project;
  busy: boolean;
  submit: (id: string | number, response: unknown, durationMs: number) => Promise<void>;
  skip: (id: string | number) => Promise<void>;
  onShown: () => void;
  retry: () => void;
}

function TaskView({ lease, project, busy, submit, skip, onShown, retry }: TaskViewProps) {
  const { task, assignment } = lease;
  const spec = RENDERERS[task.type];
  const [value, setValue] = useState<Record<string, unknown>>(() => {
    // A draft for this lease; or, when a lease ran out and the same task came back, the answer kept from it.
    const carried = loadDraft<Record<string, unknown>>(`task-${task.id}`);
    if (carried) clearDraft(`task-${task.id}`);
    return (loadDraft<Record<string, unknown>>(assignment.id) ?? carried ?? spec?.initial(task, project)) as Record<string, unknown>;
  });
  const [notice, setNotice] = useState<string | null>(null);
  /** Set after a skip asked while an answer is half-written: the next skip goes through. */
  const [skipAsked, setSkipAsked] = useState(false);
  const initial = useRef(JSON.stringify(value));
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // A notice shows where the eye is: scrolled into view (a sticky bar slowed every submit's paint).
  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [notice]);
  const [error, setError] = useState<unknown>(null);
  const [expired, setExpired] = useState(false);
  const shownAt = useRef(performance.now());
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const busyRef = useRef(busy);
  busyRef.current = busy;

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per task shown (the component is keyed by task)
  useLayoutEffect(() => {
    onShown();
  }, []);

  const change = useCallback(
    (next: Record<string, unknown>) => {
      setValue(next);
      setNotice(null);
      setSkipAsked(false);
      saveDraft(assignment.id, next);
    },
    [assignment.id],
  );

  const askRationale = Boolean(project.requireRationale);
  const showRationale = askRationale || task.type === 'preference' || task.type === 'ranking';

  const doSubmit = async () => {
    if (busyRef.current || !spec) return;
    const built = spec.build(value, task, project);
    if ('missing' in built) {
      setNotice(built.missing);
      return;
    }
    const rationale = typeof value.rationale === 'string' ? value.rationale.trim() : '';
    if (askRationale && !rationale) {
      setNotice(t.askRationale);
      rationaleRef.current?.focus();
      return;
    }
    setError(null);
    busyRef.current = true;
    try {
      await submit(assignment.id, rationale ? { ...built.response, rationale } : built.response, performance.now() - shownAt.current);
    } catch (err) {
      if (leaseMessage(err)) saveDraft(`task-${task.id}`, value);
      setError(err);
    }
  };

  const doSkip = async () => {
    if (busyRef.current) return;
    // A stray S must not throw away a half-written answer: the first press asks, the second skips.
    if (JSON.stringify(value) !== initial.current && !skipAsked) {
      setSkipAsked(true);
      setNotice(t.unsavedSkip);
      return;
    }
    busyRef.current = true;
    try {
      await skip(assignment.id);
    } catch (err) {
      setError(err);
    }
  };

  const common: KeyHandler = (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      void doSubmit();
      return true;
    }
    if (e.key === 'Escape') {
      (document.activeElement as HTMLElement | null)?.blur?.();
      return true;
    }
    if (e.key === 's' || e.key === 'S') {
      void doSkip();
      return true;
    }
    if ((e.key === 'r' || e.key === 'R') && showRationale) {
      rationaleRef.current?.focus();
      return true;
    }
    return false;
  };

  if (!spec) {
    return <ErrorMessage error={new Error(t.unknownType(task.type))} doing={t.showTask} />;
  }

  const shortcuts: Shortcut[] = [
    ...spec.shortcuts(task, project),
    ...(showRationale ? [{ keys: ['R'], label: t.shortcuts.rationale }] : []),
    { keys: ['Ctrl+Enter'], label: t.shortcuts.submit },
    { keys: ['S'], label: t.shortcuts.skip },
    { keys: ['F'], label: t.shortcuts.flag },
    { keys: ['Esc'], label: t.shortcuts.leave },
  ];
  const conflict = leaseMessage(error);
  const Renderer = spec.Component;

  return (
    <div className="task" data-task-id={String(task.id)} data-assignment-id={String(assignment.id)} data-task-type={task.type}>
      <div className="task-bar">
        <span className="muted small">
          <span className="tag">{task.domain}</span> {t.task} {String(task.id)}
        </span>
        <LeaseTimer expiresAt={assignment.expiresAt} onExpire={() => setExpired(true)} />
      </div>
      <ShortcutList shortcuts={shortcuts} />
      <Renderer task={task} project={project} value={value} onChange={change} common={common} />
      {showRationale && (
        <div className="rationale">
          <label htmlFor={`rationale-${assignment.id}`}>
            {t.rationale} {askRationale ? <span className="required">{t.required}</span> : <span className="muted">{t.optional}</span>}{' '}
            <kbd>R</kbd>
          </label>
          <textarea
            id={`rationale-${assignment.id}`}
            ref={rationaleRef}
            rows={3}
            required={askRationale}
            value={typeof value.rationale === 'string' ? value.rationale : ''}
            onChange={(e) => change({ ...value, rationale: e.target.value })}
          />
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void doSubmit()} disabled={busy}>
          {busy ? t.submitting : t.submit} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={() => void doSkip()} disabled={busy}>
          {t.skip} <kbd>S</kbd>
        </button>
        <FlagTask assignmentId={assignment.id} />
        {/* Scrolled into view when shown, and announced at once. */}
        {notice && (
          <p className="notice" role="alert" ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      {expired && !conflict && (
        <p className="notice warn" role="alert">
          {t.expired}
        </p>
      )}
      {conflict ? (
        <div className="error" role="alert">
          <p className="error-title">{conflict}</p>
          <button type="button" onClick={retry}>
            {t.takeNext}
          </button>
        </div>
      ) : (
        <ErrorMessage error={error} doing={t.submitAnswer} />
      )}
    </div>
  );
}

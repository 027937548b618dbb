/**
 * The lease cycle for one project: lease a task, submit or skip it, lease the next one right away.
 * The server leases on `next`, so only one lease is held at a time. A submit is one request that
 * also leases the next task (submit-and-next), rendered straight from its answer; when the server
 * stored the submit but leased nothing because `next` would refuse, `next` is asked to show why.
 *
 * A skip can be undone for SKIP_UNDO_MS: the skip is held here and sent only when that time is up
 * (or the tutor asks for the next task at once, or leaves the page). Until then the server has seen
 * nothing, so an undone skip leaves no trace: the lease was never given back, no slot moved, the
 * tutor's counts did not change, and gold and real tasks behave alike. (An un-skip on the server
 * would have to take the slot back, which can fail for a real task that others filled meanwhile but
 * never for gold, whose overlap is unlimited: a difference the tutor could read.)
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Lease } from '../api/types.js';
import { clearDraft } from '../lib/drafts.js';
import { leaseMessage } from '../lib/errors.js';
import { sendSkipOnLeave } from './skipOnLeave.js';

/** How long a skip can be undone before it is sent. */
export const SKIP_UNDO_MS = 8000;

export interface PendingSkip {
  assignmentId: string | number;
  /** Date.now() when the skip is sent. */
  sendsAt: number;
}

export type LeaseState = { kind: 'loading' } | { kind: 'task'; lease: Lease } | { kind: 'empty' } | { kind: 'error'; error: unknown };

declare global {
  interface Window {
    /** Submit→next-task timings (ms) measured in the page; read by the e2e benchmark. */
    __tutorloopTimings?: number[];
  }
}

export function useLease(projectId: string) {
  const [state, setState] = useState<LeaseState>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  /** performance.now() when the last submit started, until the next task has been painted. */
  const pendingSince = useRef<number | null>(null);
  const started = useRef<string | null>(null);

  const fetchNext = useCallback(async () => {
    try {
      const lease = await api.next(projectId);
      setState(lease ? { kind: 'task', lease } : { kind: 'empty' });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }, [projectId]);

  useEffect(() => {
    if (started.current === projectId) return;
    started.current = projectId;
    setState({ kind: 'loading' });
    void fetchNext();
  }, [projectId, fetchNext]);

  /** Submit; on success clear the draft and show the next task. Throws the API error otherwise. */
  const submit = useCallback(
    async (assignmentId: string | number, response: unknown, durationMs: number) => {
      pendingSince.current = performance.now();
      setBusy(true);
      try {
        const out = await api.submitAndNext(assignmentId, response, Math.max(0, Math.round(durationMs)));
        clearDraft(assignmentId);
        setDone((n) => n + 1);
        if (out.next) setState({ kind: 'task', lease: out.next });
        else if (out.nextError) await fetchNext();
        else setState({ kind: 'empty' });
      } catch (err) {
        pendingSince.current = null;
        throw err;
      } finally {
        setBusy(false);
      }
    },
    [fetchNext],
  );

  const [pendingSkip, setPendingSkip] = useState<PendingSkip | null>(null);
  const pendingRef = useRef<PendingSkip | null>(null);

  /** Sends the held skip now and shows the next task. A lease that ran out or was used meanwhile needs no skip. */
  const sendSkip = useCallback(async () => {
    const pending = pendingRef.current;
    if (!pending) return;
    pendingRef.current = null;
    setPendingSkip(null);
    setBusy(true);
    setState({ kind: 'loading' });
    try {
      await api.skip(pending.assignmentId);
      clearDraft(pending.assignmentId);
    } catch (error) {
      if (!leaseMessage(error)) {
        setState({ kind: 'error', error });
        return;
      }
    } finally {
      setBusy(false);
    }
    await fetchNext();
  }, [fetchNext]);

  /** Skip: held for SKIP_UNDO_MS, during which `undoSkip` brings the task back untouched. */
  const skip = useCallback(async (assignmentId: string | number) => {
    const pending = { assignmentId, sendsAt: Date.now() + SKIP_UNDO_MS };
    pendingRef.current = pending;
    setPendingSkip(pending);
  }, []);

  const undoSkip = useCallback(() => {
    pendingRef.current = null;
    setPendingSkip(null);
  }, []);

  useEffect(() => {
    if (!pendingSkip) return;
    const timer = setTimeout(() => void sendSkip(), Math.max(0, pendingSkip.sendsAt - Date.now()));
    return () => clearTimeout(timer);
  }, [pendingSkip, sendSkip]);

  // Leaving the page (or the workspace) sends a held skip at once, so the lease does not sit unused until it expires.
  useEffect(() => {
    const leave = () => {
      if (pendingRef.current) sendSkipOnLeave(pendingRef.current.assignmentId);
      pendingRef.current = null;
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  /** Called once the next task is on screen: records how long submit→next took. */
  const markShown = useCallback(() => {
    if (pendingSince.current === null) return;
    const ms = performance.now() - pendingSince.current;
    pendingSince.current = null;
    (window.__tutorloopTimings ??= []).push(Math.round(ms * 10) / 10);
  }, []);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    void fetchNext();
  }, [fetchNext]);

  return { state, busy, done, submit, skip, pendingSkip, undoSkip, sendSkip, markShown, retry };
}

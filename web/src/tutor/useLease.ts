/**
 * The lease cycle for one project: lease a task, submit or skip it, lease the next one right away.
 * The server leases on `next`, so only one lease is held at a time. A submit is one request that
 * also leases the next task (submit-and-next), rendered straight from its answer; when the server
 * stored the submit but leased nothing because `next` would refuse, `next` is asked to show why.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Lease } from '../api/types.js';
import { clearDraft } from '../lib/drafts.js';

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

  const skip = useCallback(
    async (assignmentId: string | number) => {
      setBusy(true);
      try {
        await api.skip(assignmentId);
        clearDraft(assignmentId);
        await fetchNext();
      } finally {
        setBusy(false);
      }
    },
    [fetchNext],
  );

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

  return { state, busy, done, submit, skip, markShown, retry };
}

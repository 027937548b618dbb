/**
 * Shown while a skip is held (useLease.ts): "Skipped — Undo (U)", with the seconds until the next
 * task, and "Next task now (S)". The Undo button takes the focus, so Enter undoes too.
 */
import { useEffect, useRef, useState } from 'react';
import { strings } from '../strings/index.js';
import type { PendingSkip } from './useLease.js';
import { isTyping } from './useKeys.js';

const t = strings.tutor.skipUndo;

export function SkipUndo({ pending, onUndo, onNow }: { pending: PendingSkip; onUndo: () => void; onNow: () => void }) {
  const [now, setNow] = useState(Date.now());
  const undoRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    undoRef.current?.focus();
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, []);
  const keys = useRef({ onUndo, onNow });
  keys.current = { onUndo, onNow };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'u') keys.current.onUndo();
      else if (key === 's' || key === 'n') keys.current.onNow();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const seconds = Math.max(0, Math.ceil((pending.sendsAt - now) / 1000));
  return (
    <section className="panel skip-undo" aria-label={t.skipped}>
      {/* Announced once; the countdown beside it is not read out every second. */}
      <p role="status">
        <strong>{t.skipped}</strong> <span aria-hidden="true">{t.nextIn(seconds)}</span>
      </p>
      <div className="actions">
        <button type="button" className="primary" ref={undoRef} onClick={onUndo}>
          {t.undo} <kbd>U</kbd>
        </button>
        <button type="button" onClick={onNow}>
          {t.now} <kbd>S</kbd>
        </button>
      </div>
    </section>
  );
}

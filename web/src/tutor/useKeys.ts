/**
 * One keydown listener per renderer. The workspace's own keys (submit, skip, rationale) are tried
 * first, then the renderer's. While the focus is in a text field only Ctrl/⌘+Enter and Escape act,
 * so typing an "s" never skips a task.
 */
import { useEffect, useRef } from 'react';

export type KeyHandler = (e: KeyboardEvent) => boolean;

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName === 'INPUT') {
    const t = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(t);
  }
  return false;
}

export function useKeys(common: KeyHandler, own: KeyHandler): void {
  const ref = useRef({ common, own });
  ref.current = { common, own };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const typing = isTyping(e.target);
      const submitCombo = e.key === 'Enter' && (e.ctrlKey || e.metaKey);
      if (typing && !submitCombo && e.key !== 'Escape') return;
      if (!submitCombo && (e.ctrlKey || e.metaKey || e.altKey)) return;
      // Enter/Space on a focused link, button or box keep their own meaning (follow, press, tick).
      const activates = (e.key === 'Enter' || e.key === ' ') && !submitCombo && isActivatable(e.target);
      if (ref.current.common(e) || (!typing && !activates && ref.current.own(e))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function isActivatable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.closest('a[href], button, summary, [role="button"], input[type="checkbox"], input[type="radio"]') !== null;
}

/** The digit a key stands for: `1`…`9`, and `0` for 10. */
export function digit(e: KeyboardEvent): number | null {
  if (!/^[0-9]$/.test(e.key)) return null;
  return e.key === '0' ? 10 : Number(e.key);
}

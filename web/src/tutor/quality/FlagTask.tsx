/**
 * "Flag this task" in the workspace: F (or the button) opens a short note, Ctrl+Enter or "Send flag"
 * sends it for the assignment the tutor holds, and a reviewer sees the task in the review queue.
 * The tutor keeps working on the task meanwhile.
 */
import { useEffect, useRef, useState } from 'react';
import { qualityApi } from '../../api/qualityLoop.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { isTyping } from '../useKeys.js';
import './flag.css';

export function FlagTask({ assignmentId }: { assignmentId: string | number }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if ((e.key === 'f' || e.key === 'F') && !openRef.current) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (open) noteRef.current?.focus();
  }, [open]);

  const send = async () => {
    if (busy) return;
    if (!note.trim()) {
      setNotice('Say in a few words what is wrong with this task.');
      noteRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await qualityApi.flag(assignmentId, note.trim());
      setSent(true);
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <p className="success flag-sent" role="status">
        Flagged for review. Thank you — you can still answer it.
      </p>
    );
  if (!open) {
    return (
      <button type="button" className="flag-button" onClick={() => setOpen(true)}>
        Flag <kbd>F</kbd>
      </button>
    );
  }
  return (
    <fieldset className="flag-form" aria-label="Flag this task">
      <label htmlFor={`flag-note-${assignmentId}`}>What is wrong with this task?</label>
      <textarea
        id={`flag-note-${assignmentId}`}
        ref={noteRef}
        rows={2}
        value={note}
        maxLength={2000}
        onChange={(e) => {
          setNote(e.target.value);
          setNotice(null);
        }}
        onKeyDown={(e) => {
          // Ctrl+Enter here sends the flag, not the answer; Esc closes.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
          if (e.key === 'Escape') {
            e.preventDefault();
            setOpen(false);
          }
        }}
      />
      <div className="row-actions">
        <button type="button" onClick={() => void send()} disabled={busy}>
          {busy ? 'Sending…' : 'Send flag'} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" className="link-button" onClick={() => setOpen(false)}>
          Cancel <kbd>Esc</kbd>
        </button>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </div>
      <ErrorMessage error={error} doing="flag this task" />
    </fieldset>
  );
}

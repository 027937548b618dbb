/**
 * Free-text answers: `rewrite` (improve a response, with a word diff against the original) and
 * `demonstration` (write a response from scratch). E puts the cursor in the editor; Esc leaves it.
 */
import { useDeferredValue, useMemo, useRef } from 'react';
import { diffWords } from 'diff';
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { useKeys } from '../useKeys.js';
import { Prompt } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface TextDraft {
  text: string;
  rationale?: string;
  preview?: boolean;
}

function useEditorKeys(common: RendererProps<TextDraft>['common'], value: TextDraft, onChange: (v: TextDraft) => void) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useKeys(common, (e) => {
    if (e.key === 'e' || e.key === 'E') {
      const el = ref.current;
      if (el) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
      return true;
    }
    if (e.key === 'p' || e.key === 'P') {
      onChange({ ...value, preview: !value.preview });
      return true;
    }
    return false;
  });
  return ref;
}

export function DiffView({ before, after }: { before: string; after: string }) {
  const deferred = useDeferredValue(after);
  const parts = useMemo(() => diffWords(before, deferred), [before, deferred]);
  const changed = parts.some((x) => x.added || x.removed);
  return (
    <section className="diff" aria-label="Changes from the original">
      <h2 className="section-title">Changes</h2>
      {!changed ? (
        <p className="muted">No changes yet.</p>
      ) : (
        <pre className="diff-body">
          {parts.map((x, i) =>
            x.added ? <ins key={i}>{x.value}</ins> : x.removed ? <del key={i}>{x.value}</del> : <span key={i}>{x.value}</span>,
          )}
        </pre>
      )}
    </section>
  );
}

function Editor({
  id,
  value,
  onChange,
  editorRef,
  label,
}: {
  id: string;
  value: TextDraft;
  onChange: (v: TextDraft) => void;
  editorRef: React.RefObject<HTMLTextAreaElement | null>;
  label: string;
}) {
  return (
    <section className="editor" aria-label={label}>
      <div className="editor-head">
        <label htmlFor={id} className="section-title">
          {label} <kbd>E</kbd>
        </label>
        <button type="button" className="link-button" onClick={() => onChange({ ...value, preview: !value.preview })}>
          {value.preview ? 'Edit' : 'Preview'} <kbd>P</kbd>
        </button>
      </div>
      {value.preview ? (
        <Markdown text={value.text || '*Nothing written yet.*'} className="preview" />
      ) : (
        <textarea
          id={id}
          ref={editorRef}
          className="editor-text"
          rows={14}
          spellCheck
          value={value.text}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
        />
      )}
      <p className="muted small">
        {value.text.trim() ? value.text.trim().split(/\s+/).length : 0} words · Markdown allowed · saved as a draft as you type
      </p>
    </section>
  );
}

function Rewrite({ task, value, onChange, common }: RendererProps<TextDraft>) {
  const p = task.payload as TaskPayload<'rewrite'>;
  const ref = useEditorKeys(common, value, onChange);
  return (
    <div className="renderer rewrite">
      <Prompt text={p.prompt} context={p.context} />
      <div className="side-by-side">
        <section className="response-card" aria-label="Original response">
          <h2 className="section-title">Original response</h2>
          <Markdown text={p.response.text} />
        </section>
        <Editor id={`rewrite-${task.id}`} value={value} onChange={onChange} editorRef={ref} label="Your rewrite" />
      </div>
      <DiffView before={p.response.text} after={value.text} />
    </div>
  );
}

function Demonstration({ task, value, onChange, common }: RendererProps<TextDraft>) {
  const p = task.payload as TaskPayload<'demonstration'>;
  const ref = useEditorKeys(common, value, onChange);
  return (
    <div className="renderer demonstration">
      <Prompt text={p.prompt} context={p.context} />
      <Editor id={`demo-${task.id}`} value={value} onChange={onChange} editorRef={ref} label="Your response" />
    </div>
  );
}

const textShortcuts = () => [
  { keys: ['E'], label: 'Edit' },
  { keys: ['P'], label: 'Preview' },
];

const buildText = (v: TextDraft) =>
  v.text.trim() ? { response: { text: v.text } } : { missing: 'Write your response first (press E to start typing).' };

export const rewrite: RendererSpec<TextDraft> = {
  type: 'rewrite',
  initial: (task) => ({ text: (task.payload as TaskPayload<'rewrite'>).response.text }),
  build: (v, task) =>
    v.text.trim() === (task.payload as TaskPayload<'rewrite'>).response.text.trim()
      ? { missing: 'The rewrite is the same as the original: improve it first (press E to edit).' }
      : buildText(v),
  shortcuts: textShortcuts,
  longText: true,
  Component: Rewrite,
};

export const demonstration: RendererSpec<TextDraft> = {
  type: 'demonstration',
  initial: () => ({ text: '' }),
  build: buildText,
  shortcuts: textShortcuts,
  longText: true,
  Component: Demonstration,
};

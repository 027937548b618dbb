/** Labelling: pick one label (or several, if the project allows) from the label set. Keys: numbers, ↑/↓ + Space. */
import type { TaskPayload } from '../../api/types.js';
import { Markdown } from '../../components/Markdown.js';
import { digit, useKeys } from '../useKeys.js';
import { Conversation } from './Conversation.js';
import type { RendererProps, RendererSpec } from './types.js';

export interface LabelDraft {
  labels: string[];
  cursor: number;
  rationale?: string;
}

function Label({ task, project, value, onChange, common, expected }: RendererProps<LabelDraft>) {
  const p = task.payload as TaskPayload<'label'>;
  const labels = project.labels ?? [];
  const multi = Boolean(project.multiLabel);
  const toggle = (l: string) => {
    if (!multi) {
      onChange({ ...value, labels: [l], cursor: labels.indexOf(l) });
      return;
    }
    const has = value.labels.includes(l);
    onChange({ ...value, labels: has ? value.labels.filter((x) => x !== l) : [...value.labels, l], cursor: labels.indexOf(l) });
  };

  useKeys(common, (e) => {
    const d = digit(e);
    if (d !== null && d <= labels.length) {
      toggle(labels[d - 1]);
      return true;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      onChange({ ...value, cursor: (value.cursor + 1) % labels.length });
      return true;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      onChange({ ...value, cursor: (value.cursor + labels.length - 1) % labels.length });
      return true;
    }
    if (e.key === ' ' || e.key === 'Enter') {
      if (labels[value.cursor]) toggle(labels[value.cursor]);
      return true;
    }
    return false;
  });

  return (
    <div className="renderer label">
      <div className="two-col">
        <section className="response-card" aria-label="Item to label">
          <h2 className="section-title">Item</h2>
          {p.text !== undefined && <Markdown text={p.text} />}
          {p.messages && <Conversation messages={p.messages} title="Conversation" />}
          <Conversation messages={p.context} />
        </section>
        <fieldset className="label-set">
          <legend>{multi ? 'Choose every label that applies' : 'Choose one label'}</legend>
          {labels.map((l, i) => (
            <label
              key={l}
              className={`label-option ${value.labels.includes(l) ? 'selected' : ''} ${value.cursor === i ? 'cursor' : ''} ${
                Array.isArray(expected?.labels) && expected.labels.includes(l) ? 'expected' : ''
              }`}
            >
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={`labels-${task.id}`}
                value={l}
                checked={value.labels.includes(l)}
                onChange={() => toggle(l)}
              />
              {i < 10 && <kbd>{i === 9 ? '0' : i + 1}</kbd>} {l}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}

export const label: RendererSpec<LabelDraft> = {
  type: 'label',
  initial: () => ({ labels: [], cursor: 0 }),
  build: (v, _t, project) => {
    const allowed = project.labels ?? [];
    const labels = v.labels.filter((l) => allowed.includes(l));
    return labels.length > 0 ? { response: { labels } } : { missing: 'Pick at least one label (press its number).' };
  },
  shortcuts: (_t, project) => [
    { keys: [`1–${Math.min((project.labels ?? []).length, 9)}`], label: project.multiLabel ? 'Toggle label' : 'Choose label' },
    { keys: ['↑', '↓', 'Space'], label: 'Move and choose' },
  ],
  Component: Label,
};

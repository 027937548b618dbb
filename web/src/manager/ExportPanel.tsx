/** A project's exports: the formats its task type has, and what the main one leaves out and why. */
import { api } from '../api/client.js';
import type { ExportFormat, TaskType } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { useAsync } from '../lib/useAsync.js';
import { SplitItems } from './SplitItems.js';

const EXPORT_NOTES: Record<Exclude<ExportFormat, 'rm'>, string> = {
  dpo: 'prompt, chosen, rejected: TRL DPOTrainer and RewardTrainer',
  sft: 'chat messages: TRL SFTTrainer',
  ratings: 'mean score per rubric axis, with annotators and standard error',
  classification: 'text, label, confidence',
  stepwise: 'prompt, steps, a label per step: TRL stepwise supervision',
  annotations: 'every judgment, pseudonymous',
  rubrics: 'approved rubric versions: prompt, weighted criteria, author tier (authoring project)',
  'rubric-grades': 'per response: verdict per criterion, score, graders (grading project)',
  'turn-ratings': 'per assistant turn: scores, labels, first-bad votes, rewrites',
};

/** The training format of each task type (annotations fit every type). */
const MAIN_FORMAT: Record<TaskType, Exclude<ExportFormat, 'rm'>> = {
  preference: 'dpo',
  ranking: 'dpo',
  rating: 'ratings',
  label: 'classification',
  rewrite: 'sft',
  demonstration: 'sft',
  steps: 'stepwise',
  rubric: 'rubric-grades',
  conversation: 'sft',
};

/** Further formats a type has: a rubric workflow exports its rubrics and score-margin pairs too. */
const MORE_FORMATS: Partial<Record<TaskType, Exclude<ExportFormat, 'rm'>[]>> = { rubric: ['rubrics', 'dpo'] };

export function ExportPanel({ projectId, type, slug }: { projectId: number; type: TaskType; slug: string }) {
  const main = MAIN_FORMAT[type];
  const summary = useAsync(() => api.exportSummary(projectId, main), [projectId, main]);
  const s = summary.data;
  const left = s
    ? (
        [
          ['split vote(s) with no reviewer verdict', s.leftOut.split],
          ['tie(s): no response preferred', s.leftOut.tie],
          ['task(s) with no judgment yet', s.leftOut.unresolved],
          ['gold task(s), never exported', s.leftOut.gold],
          ['judgment(s) replaced by a correction', s.leftOut.superseded],
          ['task(s) a manager removed from the exports', s.leftOut.excluded],
        ] as const
      ).filter(([, n]) => n > 0)
    : [];
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <ul className="export-list">
        {[main, ...(MORE_FORMATS[type] ?? []), 'annotations' as const].map((f) => (
          <li key={f}>
            <a className="button" href={api.exportUrl(projectId, f)} download={`${slug}.${f}.jsonl`}>
              Export {f.toUpperCase()}
            </a>
            <span className="muted small">{EXPORT_NOTES[f]}</span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={summary.error} doing="count what the export leaves out" />
      {s && (
        <section className="export-summary" aria-label="What the export leaves out">
          <p>
            {s.rows} row(s) in the {main} export. {left.length === 0 ? 'Nothing left out.' : 'Left out:'}
          </p>
          {left.length > 0 && (
            <ul>
              {left.map(([what, n]) => (
                <li key={what}>
                  {n} {what}
                </li>
              ))}
            </ul>
          )}
          {s.leftOut.split > 0 && (
            <SplitItems projectId={projectId} count={s.leftOut.split} taskIds={s.splitTaskIds} onDone={() => void summary.reload()} />
          )}
          {s.leftOut.split > 0 && (
            <p className="muted small">
              Decide split items in the <Link to="/review">review queue</Link>, or export them anyway with <code>includeTies=true</code>{' '}
              (CLI <code>--include-ties</code>).
            </p>
          )}
        </section>
      )}
    </section>
  );
}

/** A project's exports: the formats its task type has, and what the main one leaves out and why. */
import { api } from '../api/client.js';
import type { ExportFormat, TaskType } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { useAsync } from '../lib/useAsync.js';
import { SplitItems } from './SplitItems.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.export;

const EXPORT_NOTES: Record<Exclude<ExportFormat, 'rm'>, string> = S.notes;

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
          [S.leftOut.split, s.leftOut.split],
          [S.leftOut.tie, s.leftOut.tie],
          [S.leftOut.unresolved, s.leftOut.unresolved],
          [S.leftOut.gold, s.leftOut.gold],
          [S.leftOut.superseded, s.leftOut.superseded],
          [S.leftOut.excluded, s.leftOut.excluded],
        ] as const
      ).filter(([, n]) => n > 0)
    : [];
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{S.title}</h2>
      <ul className="export-list">
        {[main, ...(MORE_FORMATS[type] ?? []), 'annotations' as const].map((f) => (
          <li key={f}>
            <a className="button" href={api.exportUrl(projectId, f)} download={`${slug}.${f}.jsonl`}>
              {S.button(f)}
            </a>
            <span className="muted small">{EXPORT_NOTES[f]}</span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={summary.error} doing={S.doing} />
      {s && (
        <section className="export-summary" aria-label={S.summaryLabel}>
          <p>
            {S.rows(s.rows, main)} {left.length === 0 ? S.nothingLeft : S.leftOutTitle}
          </p>
          {left.length > 0 && (
            <ul>
              {left.map(([what, n]) => (
                <li key={what}>{S.count(n, what)}</li>
              ))}
            </ul>
          )}
          {s.leftOut.split > 0 && (
            <SplitItems projectId={projectId} count={s.leftOut.split} taskIds={s.splitTaskIds} onDone={() => void summary.reload()} />
          )}
          {s.leftOut.split > 0 && (
            <p className="muted small">
              {S.decideBefore}
              <Link to="/review">{S.reviewQueue}</Link>
              {S.decideAfter}
              <code>includeTies=true</code> {S.cli}
              <code>--include-ties</code>).
            </p>
          )}
        </section>
      )}
    </section>
  );
}

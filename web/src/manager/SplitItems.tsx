/**
 * The split items an export left out, and the two ways to settle them from the export page: more
 * judgments (re-open each task for one more) or a reviewer's verdict (send to review). Both are the
 * task browser's bulk actions, on the ids the export summary names.
 */
import { useState } from 'react';
import type { TaskActionResult } from '../../../src/domain/api/taskActions.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { strings } from '../strings/index.js';

const S = strings.exportSplit;

export function SplitItems({
  projectId,
  count,
  taskIds,
  onDone,
}: {
  projectId: number;
  count: number;
  taskIds: number[];
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const act = async (action: 'reopen' | 'send_to_review') => {
    setBusy(true);
    setError(null);
    try {
      const r = await request<TaskActionResult>(`/api/projects/${projectId}/task-actions`, {
        method: 'POST',
        body: { action, taskIds },
        idempotent: true,
      });
      setDone(S.done(strings.bulk.actions[action], r.changed));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="split-items">
      <p>{S.title(count)}</p>
      {taskIds.length > 0 && (
        <div className="actions-row">
          <button type="button" disabled={busy} onClick={() => void act('reopen')}>
            {S.more(taskIds.length)}
          </button>
          <button type="button" disabled={busy} onClick={() => void act('send_to_review')}>
            {S.review(taskIds.length)}
          </button>
        </div>
      )}
      <ErrorMessage error={error} doing={S.doing} />
      <p role="status" className="muted small">
        {done}
      </p>
    </div>
  );
}

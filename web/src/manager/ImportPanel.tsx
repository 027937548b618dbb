/**
 * Import a JSONL file: upload with a progress bar; the server checks every line (all-or-nothing)
 * and answers either the counts or every bad line, which are listed by line number.
 */
import { useRef, useState } from 'react';
import { uploadTasks } from '../api/client.js';
import type { ImportOk } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.import;

export function ImportPanel({ projectId, onImported }: { projectId: number | string; onImported: (r: ImportOk) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'tutorloop' | 'hh-rlhf'>('tutorloop');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImportOk | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abortRef = useRef<(() => void) | null>(null);
  const busy = progress !== null;

  const start = async () => {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    const up = uploadTasks(projectId, file, (f) => setProgress(f), format);
    abortRef.current = up.abort;
    try {
      const r = await up.promise;
      setResult(r);
      onImported(r);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
      abortRef.current = null;
    }
  };

  return (
    <section className="panel import" aria-labelledby="import-title">
      <h2 id="import-title">{S.title}</h2>
      <p className="muted small">{S.intro}</p>
      <div className="import-row">
        <label htmlFor="import-file">{S.file}</label>
        <input
          id="import-file"
          type="file"
          accept=".jsonl,.ndjson,.json,application/x-ndjson,application/jsonl"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
            setError(null);
          }}
        />
        <label htmlFor="import-format">{S.format}</label>
        <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as 'tutorloop' | 'hh-rlhf')}>
          <option value="tutorloop">{S.formats.tutorloop}</option>
          <option value="hh-rlhf">{S.formats['hh-rlhf']}</option>
        </select>
        <button type="button" className="primary" onClick={() => void start()} disabled={!file || busy}>
          {busy ? S.importing : S.upload}
        </button>
        {busy && (
          <button type="button" onClick={() => abortRef.current?.()}>
            {S.cancel}
          </button>
        )}
      </div>
      {file && <p className="muted small">{S.size(file.name, file.size)}</p>}
      {progress !== null && (
        <div className="progress-line">
          <label htmlFor="import-progress">{progress < 1 ? S.uploading : S.saving}</label>
          <progress id="import-progress" max={1} value={progress}>
            {S.percent(progress)}
          </progress>
          <span>{S.percent(progress)}</span>
        </div>
      )}
      {result && (
        <p className="success" role="status">
          {S.imported(result.imported, result.skipped)}
        </p>
      )}
      {error ? (
        <div className="import-errors">
          <ErrorMessage error={error} doing={S.doing} />
          <p className="muted small">{S.fix}</p>
        </div>
      ) : null}
    </section>
  );
}

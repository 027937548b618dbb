/**
 * Import a JSONL file: upload with a progress bar; the server checks every line (all-or-nothing)
 * and answers either the counts or every bad line, which are listed by line number.
 */
import { useRef, useState } from 'react';
import { uploadTasks } from '../api/client.js';
import type { ImportOk } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';

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
      <h2 id="import-title">Import tasks</h2>
      <p className="muted small">
        A JSONL file, one task per line. Nothing is imported unless every line is valid; tasks already imported (same id) are skipped.
      </p>
      <div className="import-row">
        <label htmlFor="import-file">Tasks file (.jsonl)</label>
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
        <label htmlFor="import-format">Format</label>
        <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as 'tutorloop' | 'hh-rlhf')}>
          <option value="tutorloop">tutorloop JSONL</option>
          <option value="hh-rlhf">HH-RLHF (chosen/rejected)</option>
        </select>
        <button type="button" className="primary" onClick={() => void start()} disabled={!file || busy}>
          {busy ? 'Importing…' : 'Upload and import'}
        </button>
        {busy && (
          <button type="button" onClick={() => abortRef.current?.()}>
            Cancel
          </button>
        )}
      </div>
      {file && (
        <p className="muted small">
          {file.name} · {(file.size / 1024).toFixed(1)} KB
        </p>
      )}
      {progress !== null && (
        <div className="progress-line">
          <label htmlFor="import-progress">{progress < 1 ? 'Uploading' : 'Checking and saving'}</label>
          <progress id="import-progress" max={1} value={progress}>
            {Math.round(progress * 100)}%
          </progress>
          <span>{Math.round(progress * 100)}%</span>
        </div>
      )}
      {result && (
        <p className="success" role="status">
          Imported {result.imported} {result.imported === 1 ? 'task' : 'tasks'}
          {result.skipped > 0 && `, skipped ${result.skipped} already present`}.
        </p>
      )}
      {error ? (
        <div className="import-errors">
          <ErrorMessage error={error} doing="import this file" />
          <p className="muted small">Fix these lines in the file, then upload it again.</p>
        </div>
      ) : null}
    </section>
  );
}

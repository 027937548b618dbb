/**
 * Manager: generate candidate responses with model endpoints (a durable job; progress bar, cancel),
 * then run an AI judge over the project's tasks. Both run on the server; this page polls their progress.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { generationApi, judgesApi, type GenerationJob, type JudgeRunView } from '../api/models.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAsync } from '../lib/useAsync.js';
import { useProjectChoice } from './quality/ProjectPicker.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.generate;

const live = (state: string) => state === 'queued' || state === 'running';

export default function GeneratePage() {
  const { id, picker, status } = useProjectChoice('/manage/generate');
  return (
    <section aria-labelledby="generate-title" className="dashboard">
      <div className="page-head">
        <h1 id="generate-title">{S.title}</h1>
        {picker}
      </div>
      {status}
      {id && <GenerateView key={id} projectId={id} />}
    </section>
  );
}

function JobRow({ job }: { job: GenerationJob }) {
  const finished = job.done + job.failed;
  return (
    <li data-job={job.jobId}>
      {S.job(job.jobId, job.state, finished, job.total, job.failed)}{' '}
      <progress max={job.total} value={finished} aria-label={S.jobLabel(job.jobId)} />
      {job.error && <span className="error small"> {job.error}</span>}
      {live(job.state) && (
        <button type="button" className="link-button" onClick={() => void generationApi.cancel(job.jobId)}>
          {S.cancel}
        </button>
      )}
    </li>
  );
}

function GenerateView({ projectId }: { projectId: string }) {
  const jobs = useAsync(() => generationApi.list(projectId), [projectId]);
  const runs = useAsync(() => judgesApi.runs(projectId), [projectId]);
  const [prompts, setPrompts] = useState('');
  const [models, setModels] = useState('');
  const [judge, setJudge] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const busy = (jobs.data?.jobs ?? []).some((j) => live(j.state)) || (runs.data?.runs ?? []).some((r) => live(r.state));
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void jobs.reload();
      void runs.reload();
    }, 500);
    return () => clearInterval(timer);
  }, [busy, jobs.reload, runs.reload]);

  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
      await Promise.all([jobs.reload(), runs.reload()]);
    } catch (err) {
      setActionError(err);
    }
  };
  const start = (e: FormEvent) => {
    e.preventDefault();
    const list = models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    void act(() => generationApi.start(projectId, { prompts, models: list }));
  };
  const judgeRun = (e: FormEvent) => {
    e.preventDefault();
    void act(() => judgesApi.run(projectId, /^\d+$/.test(judge) ? Number(judge) : judge));
  };
  return (
    <div className="stack">
      <ErrorMessage error={actionError} doing={S.doing} />
      <form className="panel form" onSubmit={start} aria-label={S.generateLabel}>
        <h2>{S.generateTitle}</h2>
        <label htmlFor="gen-prompts">{S.prompts}</label>
        <textarea id="gen-prompts" rows={6} required value={prompts} onChange={(e) => setPrompts(e.target.value)} />
        <label htmlFor="gen-models">{S.models}</label>
        <input id="gen-models" required value={models} onChange={(e) => setModels(e.target.value)} />
        <div>
          <button type="submit">{S.generate}</button>
        </div>
      </form>
      <ErrorMessage error={jobs.error} doing={S.jobsDoing} onRetry={() => void jobs.reload()} />
      <ul aria-label={S.jobsLabel}>
        {(jobs.data?.jobs ?? []).map((j) => (
          <JobRow key={j.jobId} job={j} />
        ))}
      </ul>
      <form className="panel form" onSubmit={judgeRun} aria-label={S.judgeLabel}>
        <h2>{S.judgeTitle}</h2>
        <label htmlFor="judge-ref">{S.judge}</label>
        <input id="judge-ref" required value={judge} onChange={(e) => setJudge(e.target.value)} />
        <div>
          <button type="submit">{S.runJudge}</button>
        </div>
      </form>
      <ErrorMessage error={runs.error} doing={S.runsDoing} onRetry={() => void runs.reload()} />
      <ul aria-label={S.runsLabel}>
        {(runs.data?.runs ?? []).map((r: JudgeRunView) => (
          <li key={r.runId} data-run={r.runId}>
            {S.run(r.runId, r.state, r.judged, r.failed, r.toHumans)}
            {r.error && <span className="error small"> {r.error}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

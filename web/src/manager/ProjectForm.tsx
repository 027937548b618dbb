/** Create a project: every field of ProjectInput (src/domain/projects.ts), with the type's extras. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { ProjectInput, RubricAxis, TaskType, Tier } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { TYPE_NAMES } from '../lib/format.js';
import { navigate } from '../lib/router.js';

const TYPES = Object.keys(TYPE_NAMES) as TaskType[];
const TIERS: Tier[] = ['generalist', 'specialist', 'model'];
const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function ProjectForm() {
  const [name, setName] = useState('');
  const [type, setType] = useState<TaskType>('preference');
  const [domains, setDomains] = useState('general');
  const [overlap, setOverlap] = useState(3);
  const [goldRate, setGoldRate] = useState(0);
  const [tiers, setTiers] = useState<Tier[]>(['generalist', 'specialist']);
  const [requireCertification, setRequireCertification] = useState(false);
  const [payPerTask, setPayPerTask] = useState('0.00');
  const [instructions, setInstructions] = useState('');
  const [rubric, setRubric] = useState<RubricAxis[]>([{ name: 'helpfulness', description: '', scale: 5 }]);
  const [labels, setLabels] = useState('');
  const [multiLabel, setMultiLabel] = useState(false);
  const [requireRationale, setRequireRationale] = useState(false);
  const [leaseMinutes, setLeaseMinutes] = useState(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const input: ProjectInput = {
      name: name.trim(),
      type,
      domains: splitList(domains),
      overlap,
      goldRate: goldRate / 100,
      eligibility: { tiers, requireCertification },
      payPerTask: Math.round(Number(payPerTask) * 100),
      instructions,
      multiLabel,
      requireRationale,
      leaseSeconds: Math.round(leaseMinutes * 60),
      ...(type === 'rating' ? { rubric: rubric.map((a) => ({ ...a, description: a.description || undefined })) } : {}),
      ...(type === 'label' ? { labels: splitList(labels) } : {}),
    };
    try {
      const { project } = await api.createProject(input);
      navigate(`/manage/projects/${project.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const setAxis = (i: number, patch: Partial<RubricAxis>) => setRubric(rubric.map((a, k) => (k === i ? { ...a, ...patch } : a)));

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="new-project-title">
      <p className="crumbs">
        <Link to="/manage/projects">Projects</Link> /
      </p>
      <h1 id="new-project-title">New project</h1>
      <div className="form-grid">
        <label htmlFor="pf-name">Name</label>
        <input id="pf-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />

        <label htmlFor="pf-type">Task type</label>
        <select id="pf-type" value={type} onChange={(e) => setType(e.target.value as TaskType)}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_NAMES[t]} ({t})
            </option>
          ))}
        </select>

        <label htmlFor="pf-domains">
          Domains <span className="muted">(comma-separated slugs)</span>
        </label>
        <input id="pf-domains" required value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="medicine, law" />

        <label htmlFor="pf-overlap">Judgments per task (overlap)</label>
        <input
          id="pf-overlap"
          type="number"
          min={1}
          max={50}
          required
          value={overlap}
          onChange={(e) => setOverlap(Number(e.target.value))}
        />

        <label htmlFor="pf-gold">
          Gold rate <span className="muted">(% of served tasks that are checks)</span>
        </label>
        <input
          id="pf-gold"
          type="number"
          min={0}
          max={100}
          step={1}
          value={goldRate}
          onChange={(e) => setGoldRate(Number(e.target.value))}
        />

        <span className="label" id="pf-tiers-label">
          Tiers allowed
        </span>
        <fieldset aria-labelledby="pf-tiers-label" className="inline-checks bare">
          {TIERS.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={tiers.includes(t)}
                onChange={(e) => setTiers(e.target.checked ? [...tiers, t] : tiers.filter((x) => x !== t))}
              />{' '}
              {t}
            </label>
          ))}
        </fieldset>

        <span className="label">Certification</span>
        <label className="inline-check">
          <input type="checkbox" checked={requireCertification} onChange={(e) => setRequireCertification(e.target.checked)} /> Require a
          certification in the task's domain
        </label>

        <label htmlFor="pf-pay">
          Pay per task <span className="muted">($)</span>
        </label>
        <input id="pf-pay" type="number" min={0} step={0.01} value={payPerTask} onChange={(e) => setPayPerTask(e.target.value)} />

        <label htmlFor="pf-lease">
          Time per task lease <span className="muted">(minutes)</span>
        </label>
        <input
          id="pf-lease"
          type="number"
          min={1}
          max={1440}
          value={leaseMinutes}
          onChange={(e) => setLeaseMinutes(Number(e.target.value))}
        />

        <span className="label">Rationale</span>
        <label className="inline-check">
          <input type="checkbox" checked={requireRationale} onChange={(e) => setRequireRationale(e.target.checked)} /> Tutors must explain
          each answer
        </label>

        <label htmlFor="pf-instructions">
          Instructions <span className="muted">(Markdown)</span>
        </label>
        <textarea id="pf-instructions" rows={6} value={instructions} onChange={(e) => setInstructions(e.target.value)} />

        {type === 'label' && (
          <>
            <label htmlFor="pf-labels">
              Labels <span className="muted">(one per line or comma-separated)</span>
            </label>
            <textarea id="pf-labels" rows={4} required value={labels} onChange={(e) => setLabels(e.target.value)} />
            <span className="label">Multiple labels</span>
            <label className="inline-check">
              <input type="checkbox" checked={multiLabel} onChange={(e) => setMultiLabel(e.target.checked)} /> A tutor may pick more than
              one
            </label>
          </>
        )}
      </div>
      {type === 'rating' && (
        <fieldset className="rubric-editor">
          <legend>Rubric axes</legend>
          {rubric.map((a, i) => (
            <div key={i} className="axis-row">
              <label>
                Name <input required value={a.name} onChange={(e) => setAxis(i, { name: e.target.value })} />
              </label>
              <label>
                Scale 1–
                <input type="number" min={2} max={10} value={a.scale} onChange={(e) => setAxis(i, { scale: Number(e.target.value) })} />
              </label>
              <label className="grow">
                Description <input value={a.description ?? ''} onChange={(e) => setAxis(i, { description: e.target.value })} />
              </label>
              <button
                type="button"
                onClick={() => setRubric(rubric.filter((_, k) => k !== i))}
                disabled={rubric.length === 1}
                aria-label={`Remove axis ${a.name}`}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRubric([...rubric, { name: '', description: '', scale: 5 }])}>
            Add axis
          </button>
        </fieldset>
      )}
      <ErrorMessage error={error} doing="create the project" />
      <div className="actions-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create project'}
        </button>
        <Link to="/manage/projects">Cancel</Link>
      </div>
    </form>
  );
}

/** Create a project: every field of ProjectInput (src/domain/projects.ts), with the type's extras. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { ProjectInput, RubricAxis, TaskType, Tier } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Link } from '../components/Link.js';
import { TYPE_NAMES } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.projectForm;

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
        <Link to="/manage/projects">{S.crumb}</Link> /
      </p>
      <h1 id="new-project-title">{S.title}</h1>
      <div className="form-grid">
        <label htmlFor="pf-name">{S.name}</label>
        <input id="pf-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />

        <label htmlFor="pf-type">{S.type}</label>
        <select id="pf-type" value={type} onChange={(e) => setType(e.target.value as TaskType)}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {S.typeOption(TYPE_NAMES[t], t)}
            </option>
          ))}
        </select>

        <label htmlFor="pf-domains">
          {S.domains} <span className="muted">{S.domainsHint}</span>
        </label>
        <input id="pf-domains" required value={domains} onChange={(e) => setDomains(e.target.value)} placeholder={S.domainsPlaceholder} />

        <label htmlFor="pf-overlap">{S.overlap}</label>
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
          {S.gold} <span className="muted">{S.goldHint}</span>
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
          {S.tiers}
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

        <span className="label">{S.certification}</span>
        <label className="inline-check">
          <input type="checkbox" checked={requireCertification} onChange={(e) => setRequireCertification(e.target.checked)} />{' '}
          {S.requireCertification}
        </label>

        <label htmlFor="pf-pay">
          {S.pay} <span className="muted">{S.payHint}</span>
        </label>
        <input id="pf-pay" type="number" min={0} step={0.01} value={payPerTask} onChange={(e) => setPayPerTask(e.target.value)} />

        <label htmlFor="pf-lease">
          {S.lease} <span className="muted">{S.leaseHint}</span>
        </label>
        <input
          id="pf-lease"
          type="number"
          min={1}
          max={1440}
          value={leaseMinutes}
          onChange={(e) => setLeaseMinutes(Number(e.target.value))}
        />

        <span className="label">{S.rationale}</span>
        <label className="inline-check">
          <input type="checkbox" checked={requireRationale} onChange={(e) => setRequireRationale(e.target.checked)} /> {S.requireRationale}
        </label>

        <label htmlFor="pf-instructions">
          {S.instructions} <span className="muted">{S.instructionsHint}</span>
        </label>
        <textarea id="pf-instructions" rows={6} value={instructions} onChange={(e) => setInstructions(e.target.value)} />

        {type === 'label' && (
          <>
            <label htmlFor="pf-labels">
              {S.labels} <span className="muted">{S.labelsHint}</span>
            </label>
            <textarea id="pf-labels" rows={4} required value={labels} onChange={(e) => setLabels(e.target.value)} />
            <span className="label">{S.multiLabel}</span>
            <label className="inline-check">
              <input type="checkbox" checked={multiLabel} onChange={(e) => setMultiLabel(e.target.checked)} /> {S.multiLabelText}
            </label>
          </>
        )}
      </div>
      {type === 'rating' && (
        <fieldset className="rubric-editor">
          <legend>{S.rubric}</legend>
          {rubric.map((a, i) => (
            <div key={i} className="axis-row">
              <label>
                {S.axisName} <input required value={a.name} onChange={(e) => setAxis(i, { name: e.target.value })} />
              </label>
              <label>
                {S.axisScale}
                <input type="number" min={2} max={10} value={a.scale} onChange={(e) => setAxis(i, { scale: Number(e.target.value) })} />
              </label>
              <label className="grow">
                {S.axisDescription} <input value={a.description ?? ''} onChange={(e) => setAxis(i, { description: e.target.value })} />
              </label>
              <button
                type="button"
                onClick={() => setRubric(rubric.filter((_, k) => k !== i))}
                disabled={rubric.length === 1}
                aria-label={S.removeAxisLabel(a.name)}
              >
                {S.removeAxis}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRubric([...rubric, { name: '', description: '', scale: 5 }])}>
            {S.addAxis}
          </button>
        </fieldset>
      )}
      <ErrorMessage error={error} doing={S.doing} />
      <div className="actions-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? S.creating : S.create}
        </button>
        <Link to="/manage/projects">{S.cancel}</Link>
      </div>
    </form>
  );
}

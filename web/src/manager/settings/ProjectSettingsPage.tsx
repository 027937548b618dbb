/**
 * Edit a project: name, instructions, overlap, gold rate, pay, lease, eligibility, the whole
 * quality policy and the cascade. Beside the form: what is in force now, and what will be after saving, in the same
 * sentences as the project page. Only changed fields are sent (PATCH /api/projects/:id).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Project, ProjectPatch, Tier } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { Loading } from '../../components/Loading.js';
import { useAsync } from '../../lib/useAsync.js';
import { InForce } from './InForce.js';
import { QualityFields } from './QualityFields.js';
import { CascadeFields } from './CascadeFields.js';

const TIERS: Tier[] = ['generalist', 'specialist', 'model'];
const DEFAULT_QUALITY = { consensusMethod: 'hds', trustedReliability: 0.85, liveConsensus: false } as const;

export function ProjectSettingsPage({ id }: { id: string }) {
  const project = useAsync(() => api.project(id).then((r) => r.project), [id]);
  // Kept here: the form is re-created from the saved project, and the message must outlive it.
  const [saved, setSaved] = useState('');
  if (project.loading && !project.data) return <Loading what="Loading the project" />;
  if (!project.data) return <ErrorMessage error={project.error} doing="load this project" onRetry={() => void project.reload()} />;
  return (
    <SettingsForm
      key={JSON.stringify(project.data)}
      project={project.data}
      saved={saved}
      onSaved={(p, what) => {
        project.setData(p);
        setSaved(what);
      }}
      onEdit={() => setSaved('')}
    />
  );
}

/** The top-level fields whose value differs, as PATCH takes them. */
function patchOf(before: Project, after: Project): ProjectPatch {
  const keys = ['name', 'instructions', 'overlap', 'goldRate', 'payPerTask', 'leaseSeconds', 'eligibility', 'quality'] as const;
  const patch: Record<string, unknown> = {};
  for (const k of keys) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) patch[k] = after[k];
  // The cascade: null switches it off.
  if (JSON.stringify(before.cascade ?? null) !== JSON.stringify(after.cascade ?? null)) patch.cascade = after.cascade ?? null;
  return patch as ProjectPatch;
}

function SettingsForm({
  project,
  saved,
  onSaved,
  onEdit,
}: {
  project: Project;
  saved: string;
  onSaved: (p: Project, what: string) => void;
  onEdit: () => void;
}) {
  const [draft, setDraft] = useState<Project>({ ...project, quality: project.quality ?? { ...DEFAULT_QUALITY } });
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<Project>) => {
    setDraft((d) => ({ ...d, ...patch }));
    onEdit();
  };
  const patch = patchOf(project, draft);
  const changed = Object.keys(patch);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.updateProject(project.id, patch);
      onSaved({ ...project, ...r.project }, `Saved: ${changed.join(', ')}.`);
    } catch (err) {
      setError(err);
    }
  };
  const tiers = draft.eligibility?.tiers ?? TIERS;

  return (
    <article aria-labelledby="settings-page-title" className="project-settings">
      <p className="crumbs">
        <Link to="/manage/projects">Projects</Link> / <Link to={`/manage/projects/${project.id}`}>{project.name}</Link> /
      </p>
      <h1 id="settings-page-title">Settings of {project.name}</h1>
      <p className="success" role="status">
        {saved}
      </p>
      <div className="detail-grid">
        <form className="panel form" aria-label="Project settings" onSubmit={(e) => void save(e)}>
          <h2>Work</h2>
          <div className="form-grid">
            <label htmlFor="ps-name">Name</label>
            <input id="ps-name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} />
            <label htmlFor="ps-overlap">Judgments per task (fixed overlap)</label>
            <input
              id="ps-overlap"
              type="number"
              min="1"
              max="50"
              value={draft.overlap}
              onChange={(e) => set({ overlap: Number(e.target.value) })}
            />
            <label htmlFor="ps-gold">Gold rate (%)</label>
            <input
              id="ps-gold"
              type="number"
              min="0"
              max="100"
              step="0.1"
              value={Math.round(draft.goldRate * 1000) / 10}
              onChange={(e) => set({ goldRate: Number(e.target.value) / 100 })}
            />
            <label htmlFor="ps-pay">Pay per task in dollars</label>
            <input
              id="ps-pay"
              type="number"
              min="0"
              step="0.01"
              value={(draft.payPerTask / 100).toFixed(2)}
              onChange={(e) => set({ payPerTask: Math.round(Number(e.target.value) * 100) })}
            />
            <label htmlFor="ps-lease">Lease in minutes</label>
            <input
              id="ps-lease"
              type="number"
              min="1"
              max="1440"
              value={Math.round(draft.leaseSeconds / 60)}
              onChange={(e) => set({ leaseSeconds: Math.max(30, Number(e.target.value) * 60) })}
            />
            <span className="label" id="ps-tiers-label">
              Tiers allowed
            </span>
            <fieldset aria-labelledby="ps-tiers-label" className="inline-checks bare">
              {TIERS.map((t) => (
                <label key={t}>
                  <input
                    type="checkbox"
                    checked={tiers.includes(t)}
                    onChange={(e) =>
                      set({
                        eligibility: {
                          ...draft.eligibility,
                          tiers: e.target.checked ? [...tiers, t] : tiers.filter((x) => x !== t),
                        },
                      })
                    }
                  />{' '}
                  {t}
                </label>
              ))}
            </fieldset>
            <span className="label" />
            <label className="inline-check">
              <input
                type="checkbox"
                checked={draft.eligibility.requireCertification}
                onChange={(e) => set({ eligibility: { ...draft.eligibility, requireCertification: e.target.checked } })}
              />{' '}
              Certified tutors only
            </label>
            <label htmlFor="ps-instructions">Instructions (Markdown)</label>
            <textarea id="ps-instructions" rows={6} value={draft.instructions} onChange={(e) => set({ instructions: e.target.value })} />
          </div>
          <h2>Quality</h2>
          <QualityFields q={draft.quality} onChange={(quality) => set({ quality })} />
          <h2>Cascade</h2>
          <CascadeFields cascade={draft.cascade} domains={draft.domains} onChange={(cascade) => set({ cascade })} />
          <ErrorMessage error={error} doing="save the settings" />
          <div className="actions-row">
            <button type="submit" className="primary" disabled={changed.length === 0}>
              Save settings
            </button>
            <span className="muted small">{changed.length === 0 ? 'No changes.' : `Changed: ${changed.join(', ')}`}</span>
          </div>
        </form>
        <aside>
          <section className="panel" aria-labelledby="now-title">
            <h2 id="now-title">In force now</h2>
            <InForce project={project} />
          </section>
          {changed.length > 0 && (
            <section className="panel" aria-labelledby="after-title">
              <h2 id="after-title">After saving</h2>
              <InForce project={draft} />
            </section>
          )}
          <p className="muted small">
            The rubric, labels and task type are fixed once tasks are imported: create a new project to change them.
          </p>
        </aside>
      </div>
    </article>
  );
}

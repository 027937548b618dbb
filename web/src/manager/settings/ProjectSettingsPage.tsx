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
import { managerSettingsStrings } from '../../strings/managerSettings.js';

const S = managerSettingsStrings.page;

const TIERS: Tier[] = ['generalist', 'specialist', 'model'];
const DEFAULT_QUALITY = { consensusMethod: 'hds', trustedReliability: 0.85, liveConsensus: false } as const;

export function ProjectSettingsPage({ id }: { id: string }) {
  const project = useAsync(() => api.project(id).then((r) => r.project), [id]);
  // Kept here: the form is re-created from the saved project, and the message must outlive it.
  const [saved, setSaved] = useState('');
  if (project.loading && !project.data) return <Loading what={S.loading} />;
  if (!project.data) return <ErrorMessage error={project.error} doing={S.doing} onRetry={() => void project.reload()} />;
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
      onSaved({ ...project, ...r.project }, S.saved(changed));
    } catch (err) {
      setError(err);
    }
  };
  const tiers = draft.eligibility?.tiers ?? TIERS;

  return (
    <article aria-labelledby="settings-page-title" className="project-settings">
      <p className="crumbs">
        <Link to="/manage/projects">{S.crumb}</Link> / <Link to={`/manage/projects/${project.id}`}>{project.name}</Link> /
      </p>
      <h1 id="settings-page-title">{S.title(project.name)}</h1>
      <p className="success" role="status">
        {saved}
      </p>
      <div className="detail-grid">
        <form className="panel form" aria-label={S.formLabel} onSubmit={(e) => void save(e)}>
          <h2>{S.work}</h2>
          <div className="form-grid">
            <label htmlFor="ps-name">{S.name}</label>
            <input id="ps-name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} />
            <label htmlFor="ps-overlap">{S.overlap}</label>
            <input
              id="ps-overlap"
              type="number"
              min="1"
              max="50"
              value={draft.overlap}
              onChange={(e) => set({ overlap: Number(e.target.value) })}
            />
            <label htmlFor="ps-gold">{S.goldRate}</label>
            <input
              id="ps-gold"
              type="number"
              min="0"
              max="100"
              step="0.1"
              value={Math.round(draft.goldRate * 1000) / 10}
              onChange={(e) => set({ goldRate: Number(e.target.value) / 100 })}
            />
            <label htmlFor="ps-pay">{S.pay}</label>
            <input
              id="ps-pay"
              type="number"
              min="0"
              step="0.01"
              value={(draft.payPerTask / 100).toFixed(2)}
              onChange={(e) => set({ payPerTask: Math.round(Number(e.target.value) * 100) })}
            />
            <label htmlFor="ps-lease">{S.lease}</label>
            <input
              id="ps-lease"
              type="number"
              min="1"
              max="1440"
              value={Math.round(draft.leaseSeconds / 60)}
              onChange={(e) => set({ leaseSeconds: Math.max(30, Number(e.target.value) * 60) })}
            />
            <span className="label" id="ps-tiers-label">
              {S.tiers}
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
              {S.certifiedOnly}
            </label>
            <label htmlFor="ps-instructions">{S.instructions}</label>
            <textarea id="ps-instructions" rows={6} value={draft.instructions} onChange={(e) => set({ instructions: e.target.value })} />
          </div>
          <h2>{S.quality}</h2>
          <QualityFields q={draft.quality} onChange={(quality) => set({ quality })} />
          <h2>{S.cascade}</h2>
          <CascadeFields cascade={draft.cascade} domains={draft.domains} onChange={(cascade) => set({ cascade })} />
          <ErrorMessage error={error} doing={S.saving} />
          <div className="actions-row">
            <button type="submit" className="primary" disabled={changed.length === 0}>
              {S.save}
            </button>
            <span className="muted small">{changed.length === 0 ? S.noChanges : S.changed(changed)}</span>
          </div>
        </form>
        <aside>
          <section className="panel" aria-labelledby="now-title">
            <h2 id="now-title">{S.now}</h2>
            <InForce project={project} />
          </section>
          {changed.length > 0 && (
            <section className="panel" aria-labelledby="after-title">
              <h2 id="after-title">{S.after}</h2>
              <InForce project={draft} />
            </section>
          )}
          <p className="muted small">{S.fixed}</p>
        </aside>
      </div>
    </article>
  );
}

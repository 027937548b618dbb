/**
 * Cost panel: for the chosen project, what the work cost and what it bought — cost per label and per
 * quality-adjusted label by tier and domain, specialists vs generalists with intervals and a verdict
 * per domain, cost, output and throughput per tutor, and what reviews and certification cost.
 */
import { dashboards, type ProjectEconomicsView } from '../api/dashboards.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { money } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { CascadeSection } from './cost/CascadeSection.js';
import { ComparisonSection } from './cost/ComparisonSection.js';
import { ReviewCertSection } from './cost/ReviewCertSection.js';
import { TierDomainSection } from './cost/TierDomainSection.js';
import { TutorTable } from './cost/TutorTable.js';
import { pct1 } from './quality/format.js';
import { useProjectChoice } from './quality/ProjectPicker.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.cost;

export default function CostPage() {
  const { id, picker, status } = useProjectChoice('/manage/cost');
  return (
    <section aria-labelledby="cost-title" className="dashboard cost">
      <div className="page-head">
        <h1 id="cost-title">{S.title}</h1>
        {picker}
      </div>
      {status}
      {id && <ProjectCost key={id} id={id} />}
    </section>
  );
}

function ProjectCost({ id }: { id: string }) {
  const { data, error, loading, reload } = useAsync(() => dashboards.economics(id), [id]);
  if (loading && !data) return <Loading what={S.loading} />;
  if (!data) return <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />;
  return <CostView e={data} />;
}

function CostView({ e }: { e: ProjectEconomicsView }) {
  const judgments = e.byTier.reduce((s, r) => s + r.judgments, 0);
  const accepted = e.byTier.reduce((s, r) => s + r.accepted, 0);
  const q = e.qualityAdjusted;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 'var(--gap)' }}>
      <dl className="kpis">
        <div>
          <dt>{S.total}</dt>
          <dd>{money(e.costCents)}</dd>
        </div>
        <div>
          <dt>{S.judgments}</dt>
          <dd>{judgments}</dd>
        </div>
        <div>
          <dt>{S.accepted}</dt>
          <dd>{accepted}</dd>
        </div>
        <div>
          <dt>{S.perLabel}</dt>
          <dd>{judgments > 0 ? money(e.annotationCostCents / judgments) : S.none}</dd>
        </div>
        <div>
          <dt>{S.perQualityLabel}</dt>
          <dd>{money(q.costPerQualityAdjustedLabel)}</dd>
        </div>
      </dl>
      <p className="small muted">
        {S.explain({
          payPerTask: money(e.project.payPerTask),
          method: e.method,
          target: pct1(q.targetConfidence),
          reached: q.reached,
          items: q.items,
        })}
      </p>
      <TierDomainSection e={e} />
      <CascadeSection projectId={String(e.project.id)} />
      <ComparisonSection e={e} />
      <TutorTable tutors={e.tutors} />
      <ReviewCertSection e={e} />
    </div>
  );
}

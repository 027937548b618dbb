/**
 * Quality panel: for the chosen project, agreement (α, κ with intervals) per project and domain,
 * gold accuracy per tutor with Wilson intervals, the stored consensus and the review queue; and
 * certifications granted and suspended over time (all projects); model, generalist and specialist side by side.
 */
import { dashboards } from '../api/dashboards.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { useAsync } from '../lib/useAsync.js';
import { AgreementSection } from './quality/AgreementSection.js';
import { CertificationsSection } from './quality/CertificationsSection.js';
import { ConsensusSection } from './quality/ConsensusSection.js';
import { GoldSection } from './quality/GoldSection.js';
import { useProjectChoice } from './quality/ProjectPicker.js';
import { ReviewsSection } from './quality/ReviewsSection.js';
import { TiersSection } from './quality/TiersSection.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.quality;

export default function ProjectQualityPage() {
  const { id, picker, status } = useProjectChoice('/manage/quality');
  return (
    <section aria-labelledby="quality-title" className="dashboard quality">
      <div className="page-head">
        <h1 id="quality-title">{S.title}</h1>
        {picker}
      </div>
      {status}
      {id && <ProjectQualityView key={id} id={id} />}
      <CertificationsSection />
    </section>
  );
}

function ProjectQualityView({ id }: { id: string }) {
  const { data, error, loading, reload } = useAsync(() => dashboards.quality(id), [id]);
  return (
    <div
      className="stack"
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 'var(--gap)', marginBottom: 'var(--gap)' }}
    >
      {loading && !data && <Loading what={S.loading} />}
      {!data && <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />}
      {data && (
        <>
          <AgreementSection agreement={data.agreement} />
          <GoldSection gold={data.gold} />
          <ConsensusSection consensus={data.consensus} />
        </>
      )}
      <TiersSection projectId={id} />
      <ReviewsSection projectId={id} />
    </div>
  );
}

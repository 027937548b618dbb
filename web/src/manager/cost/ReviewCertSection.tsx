/**
 * Reviews and certification: what verdicts cost (in the total and the cost per quality-adjusted
 * label) and what exams in the project's domains cost (apart: exams certify for a domain, not a project).
 */
import type { ProjectEconomicsView } from '../../api/dashboards.js';
import { duration, money } from '../../lib/format.js';

export function ReviewCertSection({ e }: { e: ProjectEconomicsView }) {
  const r = e.reviews,
    c = e.certification;
  const rows = [
    ...r.byTierDomain.map((l) => ({
      key: `r:${l.domain}:${l.tier}`,
      kind: 'Reviews',
      domain: l.domain,
      tier: l.tier,
      count: l.reviews,
      passed: null as number | null,
      timeMs: l.timeMs,
      costCents: l.costCents,
    })),
    ...c.byDomainTier.map((l) => ({
      key: `e:${l.domain}:${l.tier}`,
      kind: 'Exams',
      domain: l.domain,
      tier: l.tier,
      count: l.attempts,
      passed: l.passed,
      timeMs: l.timeMs,
      costCents: l.costCents,
    })),
  ];
  return (
    <section className="panel" aria-labelledby="review-cert-title">
      <h2 id="review-cert-title">Reviews and certification</h2>
      <dl className="kpis">
        <div>
          <dt>Review cost</dt>
          <dd>{money(r.costCents)}</dd>
        </div>
        <div>
          <dt>Verdicts</dt>
          <dd>{r.reviews}</dd>
        </div>
        <div>
          <dt>Certification cost in this project’s domains</dt>
          <dd>{money(c.costCents)}</dd>
        </div>
        <div>
          <dt>Exam attempts (passed)</dt>
          <dd>
            {c.attempts} ({c.passed})
          </dd>
        </div>
      </dl>
      <p className="small muted">
        Verdicts are priced from each reviewer’s pay terms and are in the total; an item with a verdict counts as a quality-adjusted label (
        {e.qualityAdjusted.reachedByReview} only by a verdict; without reviews:{' '}
        {money(e.qualityAdjusted.costPerQualityAdjustedLabelWithoutReviews)} per quality-adjusted label).
        {r.withoutDuration > 0 &&
          ` ${r.withoutDuration} verdict${r.withoutDuration === 1 ? '' : 's'} reported no time and ${r.withoutDuration === 1 ? 'is' : 'are'} priced as 0 minutes.`}{' '}
        Exams certify tutors for a domain, not a project, so their cost is shown apart and is in neither the total nor the cost per label.
      </p>
      {rows.length === 0 ? (
        <p className="muted">No verdicts or exam attempts yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Review and certification cost">
            <thead>
              <tr>
                <th scope="col">Work</th>
                <th scope="col">Domain</th>
                <th scope="col">Tier</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Passed
                </th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => (
                <tr key={l.key}>
                  <td>{l.kind}</td>
                  <td>{l.domain}</td>
                  <td>{l.tier}</td>
                  <td className="num">{l.count}</td>
                  <td className="num">{l.passed ?? '—'}</td>
                  <td className="num">{duration(l.timeMs)}</td>
                  <td className="num">{money(l.costCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

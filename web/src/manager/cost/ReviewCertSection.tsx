/**
 * Reviews and certification: what verdicts cost (in the total and the cost per quality-adjusted
 * label) and what exams in the project's domains cost (apart: exams certify for a domain, not a project).
 */
import type { ProjectEconomicsView } from '../../api/dashboards.js';
import { duration, money } from '../../lib/format.js';
import { managerCostStrings } from '../../strings/managerCost.js';

const S = managerCostStrings.reviewCert;
const C = managerCostStrings.columns;

export function ReviewCertSection({ e }: { e: ProjectEconomicsView }) {
  const r = e.reviews,
    c = e.certification;
  const rows = [
    ...r.byTierDomain.map((l) => ({
      key: `r:${l.domain}:${l.tier}`,
      kind: S.reviews,
      domain: l.domain,
      tier: l.tier,
      count: l.reviews,
      passed: null as number | null,
      timeMs: l.timeMs,
      costCents: l.costCents,
    })),
    ...c.byDomainTier.map((l) => ({
      key: `e:${l.domain}:${l.tier}`,
      kind: S.exams,
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
      <h2 id="review-cert-title">{S.title}</h2>
      <dl className="kpis">
        <div>
          <dt>{S.reviewCost}</dt>
          <dd>{money(r.costCents)}</dd>
        </div>
        <div>
          <dt>{S.verdicts}</dt>
          <dd>{r.reviews}</dd>
        </div>
        <div>
          <dt>{S.certificationCost}</dt>
          <dd>{money(c.costCents)}</dd>
        </div>
        <div>
          <dt>{S.attempts}</dt>
          <dd>
            {c.attempts} ({c.passed})
          </dd>
        </div>
      </dl>
      <p className="small muted">
        {S.note({
          reachedByReview: e.qualityAdjusted.reachedByReview,
          withoutReviews: money(e.qualityAdjusted.costPerQualityAdjustedLabelWithoutReviews),
          withoutDuration: r.withoutDuration,
        })}
      </p>
      {rows.length === 0 ? (
        <p className="muted">{S.none}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={S.tableLabel}>
            <thead>
              <tr>
                <th scope="col">{S.work}</th>
                <th scope="col">{C.domain}</th>
                <th scope="col">{C.tier}</th>
                <th scope="col" className="num">
                  {S.count}
                </th>
                <th scope="col" className="num">
                  {S.passed}
                </th>
                <th scope="col" className="num">
                  {C.time}
                </th>
                <th scope="col" className="num">
                  {C.cost}
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
                  <td className="num">{l.passed ?? managerCostStrings.none}</td>
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

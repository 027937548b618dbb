/** Per tutor: cost, judgments, accepted, time and throughput. */
import type { TutorRow } from '../../api/dashboards.js';
import { duration, money } from '../../lib/format.js';
import { fixed } from '../quality/format.js';

export function TutorTable({ tutors }: { tutors: TutorRow[] }) {
  return (
    <section className="panel" aria-labelledby="tutor-cost-title">
      <h2 id="tutor-cost-title">By tutor</h2>
      {tutors.length === 0 ? (
        <p className="muted">Nobody has submitted yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Cost by tutor">
            <thead>
              <tr>
                <th scope="col">Tutor</th>
                <th scope="col">Pseudonymous id</th>
                <th scope="col">Tier</th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Judgments
                </th>
                <th scope="col" className="num">
                  Accepted
                </th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col" className="num">
                  Judgments per hour
                </th>
                <th scope="col" className="num">
                  Cost per judgment
                </th>
              </tr>
            </thead>
            <tbody>
              {tutors.map((t) => (
                <tr key={t.userId}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.tutor}</code>
                  </td>
                  <td>{t.tier}</td>
                  <td className="num">{money(t.costCents)}</td>
                  <td className="num">{t.judgments}</td>
                  <td className="num">{t.accepted}</td>
                  <td className="num">{duration(t.timeMs)}</td>
                  <td className="num">{fixed(t.throughputPerHour, 1)}</td>
                  <td className="num">{money(t.costPerJudgment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

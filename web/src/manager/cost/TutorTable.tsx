/** Per tutor: cost, judgments, accepted, time and throughput. */
import type { TutorRow } from '../../api/dashboards.js';
import { duration, money } from '../../lib/format.js';
import { fixed } from '../quality/format.js';
import { managerCostStrings } from '../../strings/managerCost.js';

const S = managerCostStrings.tutors;
const C = managerCostStrings.columns;

export function TutorTable({ tutors }: { tutors: TutorRow[] }) {
  return (
    <section className="panel" aria-labelledby="tutor-cost-title">
      <h2 id="tutor-cost-title">{S.title}</h2>
      {tutors.length === 0 ? (
        <p className="muted">{S.none}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={S.tableLabel}>
            <thead>
              <tr>
                <th scope="col">{C.tutor}</th>
                <th scope="col">{C.pseudonym}</th>
                <th scope="col">{C.tier}</th>
                <th scope="col" className="num">
                  {C.cost}
                </th>
                <th scope="col" className="num">
                  {C.judgments}
                </th>
                <th scope="col" className="num">
                  {C.accepted}
                </th>
                <th scope="col" className="num">
                  {C.time}
                </th>
                <th scope="col" className="num">
                  {S.perHour}
                </th>
                <th scope="col" className="num">
                  {S.costPerJudgment}
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

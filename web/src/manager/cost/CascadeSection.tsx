/**
 * The cascade against each tier alone (economics/cascadeVsTiers.ts, served with the tier measures):
 * on gold, the same items for every row; in production, as the cascade ran. Shown only for a project
 * that runs a cascade.
 */
import { judgesApi, type TierMeasures } from '../../api/models.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useAsync } from '../../lib/useAsync.js';
import { interval, pct1 } from '../quality/format.js';
import { managerCostStrings } from '../../strings/managerCost.js';

const S = managerCostStrings.cascade;
const C = managerCostStrings.columns;

type Comparison = NonNullable<TierMeasures['cascade']>;

/** Cents as dollars; a model's fractions of a cent stay visible. */
const dollars = (cents: number | null) => (cents === null ? managerCostStrings.none : `$${(cents / 100).toFixed(cents < 100 ? 4 : 2)}`);

export function CascadeSection({ projectId }: { projectId: string }) {
  const { data, error, reload } = useAsync(() => judgesApi.tiers(projectId), [projectId]);
  if (error) return <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />;
  if (!data?.cascade) return null;
  return <CascadeTables c={data.cascade} />;
}

function CascadeTables({ c }: { c: Comparison }) {
  return (
    <section className="panel" aria-labelledby="cascade-title">
      <h2 id="cascade-title">{S.title}</h2>
      <p className="small muted">{S.goldIntro(c.gold.items)}</p>
      {c.gold.rows.length === 0 ? (
        <p className="muted">{S.noGold}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={S.goldTableLabel}>
            <thead>
              <tr>
                <th scope="col">{S.whoColumn}</th>
                <th scope="col" className="num">
                  {S.items}
                </th>
                <th scope="col">{S.goldAccuracy}</th>
                <th scope="col" className="num">
                  {C.cost}
                </th>
                <th scope="col" className="num">
                  {S.costPerItem}
                </th>
                <th scope="col" className="num">
                  {C.costPerQAL}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.gold.rows.map((r) => (
                <tr key={r.who}>
                  <th scope="row">{S.who(r.who)}</th>
                  <td className="num">{r.items}</td>
                  <td>{S.goldCell(pct1(r.accuracy.value), interval(r.accuracy.lower, r.accuracy.upper, pct1), r.correct)}</td>
                  <td className="num">{dollars(r.costCents)}</td>
                  <td className="num">{dollars(r.costPerItemCents)}</td>
                  <td className="num">{dollars(r.costPerQALCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted">{S.productionIntro(pct1(c.targetConfidence))}</p>
      {c.production.rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label={S.productionTableLabel}>
            <thead>
              <tr>
                <th scope="col">{S.whoColumn}</th>
                <th scope="col" className="num">
                  {S.items}
                </th>
                <th scope="col">{S.agrees}</th>
                <th scope="col" className="num">
                  {C.cost}
                </th>
                <th scope="col" className="num">
                  {S.costPerItem}
                </th>
                <th scope="col" className="num">
                  {C.costPerQAL}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.production.rows.map((r) => (
                <tr key={r.who}>
                  <th scope="row">{S.who(r.who)}</th>
                  <td className="num">{r.items}</td>
                  <td>
                    {r.agreed === null
                      ? S.reached(r.reached, r.items)
                      : S.agreed(r.agreed, r.items, pct1(r.items ? r.agreed / r.items : null))}
                  </td>
                  <td className="num">{dollars(r.costCents)}</td>
                  <td className="num">{dollars(r.costPerItemCents)}</td>
                  <td className="num">{dollars(r.costPerQALCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The cascade against each tier alone (economics/cascadeVsTiers.ts, served with the tier measures):
 * on gold, the same items for every row; in production, as the cascade ran. Shown only for a project
 * that runs a cascade.
 */
import { judgesApi, type TierMeasures } from '../../api/models.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useAsync } from '../../lib/useAsync.js';
import { interval, pct1 } from '../quality/format.js';

type Comparison = NonNullable<TierMeasures['cascade']>;

/** Cents as dollars; a model's fractions of a cent stay visible. */
const dollars = (cents: number | null) => (cents === null ? '—' : `$${(cents / 100).toFixed(cents < 100 ? 4 : 2)}`);
const name = (who: string) => (who === 'cascade' ? 'Cascade' : `${who[0].toUpperCase()}${who.slice(1)}s alone`);

export function CascadeSection({ projectId }: { projectId: string }) {
  const { data, error, reload } = useAsync(() => judgesApi.tiers(projectId), [projectId]);
  if (error) return <ErrorMessage error={error} doing="compare the cascade with each tier" onRetry={() => void reload()} />;
  if (!data?.cascade) return null;
  return <CascadeTables c={data.cascade} />;
}

function CascadeTables({ c }: { c: Comparison }) {
  return (
    <section className="panel" aria-labelledby="cascade-title">
      <h2 id="cascade-title">Cascade against each tier</h2>
      <p className="small muted">
        On gold, the same {c.gold.items} items for every row: the gold items every tier of their domain’s order judged. A tier alone answers
        with its own judgments; the cascade is replayed with its rule on the judgments it would have taken. A quality-adjusted label is a
        correct one. AI judges are priced at their model calls, people at their pay.
      </p>
      {c.gold.rows.length === 0 ? (
        <p className="muted">No gold item judged by every tier yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Cascade against each tier on gold">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col">Gold accuracy (95 % interval)</th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Cost per item
                </th>
                <th scope="col" className="num">
                  Cost per quality-adjusted label
                </th>
              </tr>
            </thead>
            <tbody>
              {c.gold.rows.map((r) => (
                <tr key={r.who}>
                  <th scope="row">{name(r.who)}</th>
                  <td className="num">{r.items}</td>
                  <td>
                    {pct1(r.accuracy.value)} ({interval(r.accuracy.lower, r.accuracy.upper, pct1)}), {r.correct} right
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
      <p className="small muted">
        In production, as the cascade ran (not the same items: each tier judged the items that reached it). A tier’s answer is compared with
        the final consensus; the cascade’s quality-adjusted labels are the items whose final confidence reached {pct1(c.targetConfidence)}.
      </p>
      {c.production.rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Cascade against each tier in production">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col">Agrees with the final consensus</th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Cost per item
                </th>
                <th scope="col" className="num">
                  Cost per quality-adjusted label
                </th>
              </tr>
            </thead>
            <tbody>
              {c.production.rows.map((r) => (
                <tr key={r.who}>
                  <th scope="row">{name(r.who)}</th>
                  <td className="num">{r.items}</td>
                  <td>
                    {r.agreed === null
                      ? `${r.reached} of ${r.items} reached the target`
                      : `${r.agreed} of ${r.items} (${pct1(r.items ? r.agreed / r.items : null)})`}
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

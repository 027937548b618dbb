/** The stored consensus: how many tasks have one, how confident, how many are weak, how many a reviewer decided. */
import type { ConsensusGroup, ConsensusSummary } from '../../api/dashboards.js';
import { fixed, pct1 } from './format.js';
import { managerQualityStrings } from '../../strings/managerQuality.js';

const S = managerQualityStrings.consensus;

function Row({ g }: { g: ConsensusGroup }) {
  return (
    <tr>
      <th scope="row">{g.domain ?? S.wholeProject}</th>
      <td className="num">
        {g.withConsensus} / {g.tasks}
      </td>
      <td className="num">{fixed(g.meanConfidence, 3)}</td>
      <td className="num">{pct1(g.shareBelow)}</td>
      <td className="num">{pct1(g.shareByReview)}</td>
    </tr>
  );
}

export function ConsensusSection({ consensus }: { consensus: ConsensusSummary }) {
  const p = consensus.project;
  return (
    <section className="panel" aria-labelledby="consensus-title">
      <h2 id="consensus-title">{S.title}</h2>
      {!consensus.available ? (
        <p className="muted">{consensus.note ?? S.none}</p>
      ) : (
        <>
          <dl className="kpis">
            <div>
              <dt>{S.withConsensus}</dt>
              <dd>{p.withConsensus}</dd>
            </div>
            <div>
              <dt>{S.meanConfidence}</dt>
              <dd>{fixed(p.meanConfidence, 3)}</dd>
            </div>
            <div>
              <dt>{S.below(consensus.threshold)}</dt>
              <dd>{pct1(p.shareBelow)}</dd>
            </div>
            <div>
              <dt>{S.byReview}</dt>
              <dd>{pct1(p.shareByReview)}</dd>
            </div>
          </dl>
          {consensus.methods.length > 0 && <p className="small muted">{S.method(consensus.methods.join('; '))}</p>}
          <div className="table-wrap">
            <table aria-label={S.tableLabel}>
              <thead>
                <tr>
                  <th scope="col">{S.scope}</th>
                  <th scope="col" className="num">
                    {S.withConsensus}
                  </th>
                  <th scope="col" className="num">
                    {S.meanConfidence}
                  </th>
                  <th scope="col" className="num">
                    {S.below(consensus.threshold)}
                  </th>
                  <th scope="col" className="num">
                    {S.byReview}
                  </th>
                </tr>
              </thead>
              <tbody>
                <Row g={p} />
                {consensus.byDomain.map((g) => (
                  <Row key={g.domain} g={g} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

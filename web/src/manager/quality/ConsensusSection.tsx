/** The stored consensus: how many tasks have one, how confident, how many are weak, how many a reviewer decided. */
import type { ConsensusGroup, ConsensusSummary } from '../../api/dashboards.js';
import { fixed, pct1 } from './format.js';

function Row({ g }: { g: ConsensusGroup }) {
  return (
    <tr>
      <th scope="row">{g.domain ?? 'Whole project'}</th>
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
      <h2 id="consensus-title">Consensus</h2>
      {!consensus.available ? (
        <p className="muted">{consensus.note ?? 'No consensus stored yet.'}</p>
      ) : (
        <>
          <dl className="kpis">
            <div>
              <dt>Tasks with consensus</dt>
              <dd>{p.withConsensus}</dd>
            </div>
            <div>
              <dt>Mean confidence</dt>
              <dd>{fixed(p.meanConfidence, 3)}</dd>
            </div>
            <div>
              <dt>Below {consensus.threshold}</dt>
              <dd>{pct1(p.shareBelow)}</dd>
            </div>
            <div>
              <dt>Decided by review</dt>
              <dd>{pct1(p.shareByReview)}</dd>
            </div>
          </dl>
          {consensus.methods.length > 0 && <p className="small muted">Method: {consensus.methods.join('; ')}</p>}
          <div className="table-wrap">
            <table aria-label="Consensus by domain">
              <thead>
                <tr>
                  <th scope="col">Scope</th>
                  <th scope="col" className="num">
                    Tasks with consensus
                  </th>
                  <th scope="col" className="num">
                    Mean confidence
                  </th>
                  <th scope="col" className="num">
                    Below {consensus.threshold}
                  </th>
                  <th scope="col" className="num">
                    Decided by review
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

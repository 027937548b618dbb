import { generateDawidSkeneCrowd, oracleAccuracy } from './synthetic.js';
import { asEncoded } from './sparseCrowds.js';
import { inferenceMethods } from '../../src/quality/inference/index.js';
const crowd = generateDawidSkeneCrowd({ nTasks: 100_000, labelsPerTask: 10, nWorkers: 2000, nClasses: 5, seed: 17 });
const data = asEncoded(crowd);
console.log('oracle', (oracleAccuracy(crowd) * 100).toFixed(2));
for (const m of process.argv[2].split(',')) {
  const s = performance.now();
  const r = inferenceMethods[m].infer(data, { seed: 0 });
  let hits = 0;
  for (let t = 0; t < crowd.nTasks; t++) if (r.labels[t] === crowd.truth[t]) hits++;
  console.log(m, (hits / crowd.nTasks * 100).toFixed(2), `it${r.iterations}`, ((performance.now() - s) / 1000).toFixed(2) + 's');
}

import { evaluateSet, CATEGORICAL_SETS } from './accuracy.js';
const methods = process.argv[2].split(',');
const sets = process.argv[3] ? process.argv[3].split(',') : CATEGORICAL_SETS;
for (const set of sets) {
  const cells = evaluateSet('/work/shared/data', set, methods);
  console.log(set, cells.map((c) => `${c.method} ${(c.accuracy*100).toFixed(2)} it${c.iterations} ${c.seconds.toFixed(2)}s`).join(' | '));
}

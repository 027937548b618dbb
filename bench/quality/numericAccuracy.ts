/** MAE and RMSE of each numeric method on the `emotion` set against its gold values. */
import { join } from 'node:path';
import { readGoldFile, readNumericLabelsFile } from '../../src/cli/io/labelsFile.js';
import { numericMethods } from '../../src/quality/numeric/index.js';

export interface NumericCell {
  set: string;
  method: string;
  mae: number;
  rmse: number;
  /** Share of gold tasks whose 95 % interval contains the gold value. */
  coverage: number;
  goldTasks: number;
}

export function evaluateNumeric(dataDir: string, set = 'emotion'): NumericCell[] {
  const data = readNumericLabelsFile(join(dataDir, 'crowd', set, 'labels.csv'));
  const taskIndex = new Map(data.taskNames.map((name, t) => [name, t]));
  const gold = readGoldFile(join(dataDir, 'crowd', set, 'gold.csv'))
    .map(({ task, label }) => ({ t: taskIndex.get(task), value: Number(label) }))
    .filter((g): g is { t: number; value: number } => g.t !== undefined);
  return Object.entries(numericMethods).map(([method, run]) => {
    const result = run(data);
    let abs = 0,
      sq = 0,
      covered = 0;
    for (const { t, value } of gold) {
      const e = result.values[t] - value;
      abs += Math.abs(e);
      sq += e * e;
      if (result.lower[t] <= value && value <= result.upper[t]) covered++;
    }
    return {
      set,
      method,
      mae: abs / gold.length,
      rmse: Math.sqrt(sq / gold.length),
      coverage: covered / gold.length,
      goldTasks: gold.length,
    };
  });
}

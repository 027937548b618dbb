/**
 * `tutorloop agreement LABELS.csv --metric percent|cohen|fleiss|krippendorff [--level L]`:
 * inter-rater agreement over `worker,task,label` rows, with a seeded bootstrap interval.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import {
  AGREEMENT_METRICS,
  measureAgreement,
  type AgreementData,
  type AgreementMetric,
  type MeasurementLevel,
} from '../../quality/agreement/index.js';
import { compareClassNames } from '../../quality/encoded.js';
import { numericDictionary, readInternedCsv } from '../io/csvColumns.js';
import { formatNumber, writeCsv } from '../io/writeCsv.js';
import { parseSeed } from './aggregate.js';

const LEVELS: readonly MeasurementLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

interface AgreementCliOptions {
  metric: string;
  level: string;
  bootstrap: string;
  seed: string;
  out?: string;
}

/** Reads ratings; nominal labels are any strings, the other levels need numbers. */
export function readAgreementData(file: string, level: MeasurementLevel): AgreementData {
  const table = readInternedCsv(file, { columns: ['worker', 'task', 'label'], dictionary: [0, 1, 2] });
  const [raters, units, labelIds] = table.ids;
  let valueOfLabel: Float64Array;
  if (level === 'nominal') {
    // Class index in sorted order, so results do not depend on row order.
    const names = table.dictionaries[2];
    const order = names.map((_, i) => i).sort((a, b) => compareClassNames(names[a], names[b]));
    valueOfLabel = new Float64Array(names.length);
    order.forEach((old, rank) => (valueOfLabel[old] = rank));
  } else valueOfLabel = numericDictionary(file, table, 2, 'label');
  const values = new Float64Array(labelIds.length);
  for (let i = 0; i < values.length; i++) values[i] = valueOfLabel[labelIds[i]];
  return { units, raters, values, nUnits: table.dictionaries[1].length, nRaters: table.dictionaries[0].length };
}

export function registerAgreement(program: Command): void {
  program
    .command('agreement')
    .description('inter-rater agreement with a bootstrap interval (worker,task,label → metric,level,value,lower,upper)')
    .argument('<labels>', 'CSV with columns worker,task,label')
    .requiredOption('--metric <name>', AGREEMENT_METRICS.join('|'))
    .option('--level <level>', `Krippendorff's level of measurement: ${LEVELS.join('|')}`, 'nominal')
    .option('--bootstrap <rounds>', 'bootstrap rounds for the 95% interval (0: none)', '1000')
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .action((file: string, options: AgreementCliOptions) => {
      if (!AGREEMENT_METRICS.includes(options.metric as AgreementMetric))
        throw new UserInputError(`unknown metric "${options.metric}"; expected one of ${AGREEMENT_METRICS.join(', ')}`, {
          field: 'metric',
        });
      if (!LEVELS.includes(options.level as MeasurementLevel))
        throw new UserInputError(`unknown level "${options.level}"; expected one of ${LEVELS.join(', ')}`, { field: 'level' });
      const metric = options.metric as AgreementMetric;
      const level = metric === 'krippendorff' ? (options.level as MeasurementLevel) : 'nominal';
      const rounds = Number(options.bootstrap);
      if (!Number.isInteger(rounds) || rounds < 0)
        throw new UserInputError(`--bootstrap must be a whole number, got "${options.bootstrap}"`, { field: 'bootstrap' });
      const data = readAgreementData(file, level);
      if (metric === 'cohen' && data.nRaters !== 2)
        throw new UserInputError(`Cohen's kappa needs exactly two raters (workers); found ${data.nRaters}`, { file, field: 'worker' });
      const result = measureAgreement(data, { metric, level, rounds, seed: parseSeed(options.seed) });
      writeCsv(options.out, ['metric', 'level', 'value', 'lower', 'upper', 'units'], 1, () => [
        metric,
        level,
        formatNumber(result.value),
        formatNumber(result.lower),
        formatNumber(result.upper),
        String(result.pairableUnits),
      ]);
    });
}

/**
 * `tutorloop aggregate LABELS.csv [--method M] [--gold GOLD.csv] [--out OUT.csv]`:
 * truth inference over `worker,task,label` rows → `task,label,confidence`.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { encodeGold } from '../../quality/encoded.js';
import { goldAccuracy } from '../../quality/gold.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../../quality/inference/index.js';
import { numericMethods } from '../../quality/numeric/index.js';
import { readGoldFile, readLabelsFile, readNumericLabelsFile } from '../io/labelsFile.js';
import { formatNumber, writeCsv } from '../io/writeCsv.js';

interface AggregateOptions {
  method?: string;
  gold?: string;
  clampGold?: boolean;
  out?: string;
  seed: string;
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new UserInputError(`--seed must be an integer, got "${text}"`, { field: 'seed' });
  return seed;
}

function runNumeric(file: string, method: string, options: AggregateOptions): void {
  const data = readNumericLabelsFile(file);
  const result = numericMethods[method](data, { seed: parseSeed(options.seed) });
  writeCsv(options.out, ['task', 'label', 'lower', 'upper'], data.taskNames.length, (t) => [
    data.taskNames[t],
    formatNumber(result.values[t]),
    formatNumber(result.lower[t]),
    formatNumber(result.upper[t]),
  ]);
}

export function registerAggregate(program: Command): void {
  const categorical = Object.keys(inferenceMethods),
    numeric = Object.keys(numericMethods);
  program
    .command('aggregate')
    .description("infer each task's label from workers' labels (worker,task,label → task,label,confidence)")
    .argument('<labels>', 'CSV with columns worker,task,label')
    .option('--method <name>', `categorical: ${categorical.join('|')} (default ${DEFAULT_INFERENCE_METHOD}); numeric: ${numeric.join('|')}`)
    .option('--gold <file>', 'CSV task,label: print accuracy on these tasks')
    .option('--clamp-gold', 'fix gold tasks to their gold label during inference')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .option('--seed <n>', 'seed for tie-breaking', '0')
    .action((file: string, options: AggregateOptions) => {
      const method = options.method ?? DEFAULT_INFERENCE_METHOD;
      if (numeric.includes(method)) return runNumeric(file, method, options);
      const inference = inferenceMethods[method];
      if (!inference)
        throw new UserInputError(`unknown method "${method}"; expected one of ${[...categorical, ...numeric].join(', ')}`, {
          field: 'method',
        });
      const seed = parseSeed(options.seed);
      let data = readLabelsFile(file);
      let gold: Int32Array | undefined;
      if (options.gold) ({ data, gold } = encodeGold(data, readGoldFile(options.gold)));
      const result = inference.infer(data, { seed, gold: options.clampGold ? gold : undefined });
      if (result.selection) process.stderr.write(`auto chose ${result.selection.chosen}: ${result.selection.reason}\n`);
      const { classNames } = data;
      writeCsv(options.out, ['task', 'label', 'confidence'], data.taskNames.length, (t) => [
        data.taskNames[t],
        classNames[result.labels[t]],
        formatNumber(result.confidence[t]),
      ]);
      if (gold) {
        const acc = goldAccuracy(result.labels, gold);
        // Tied tasks were decided by the seeded draw; also report them counted 1/k (the published MV convention).
        let tied = 0;
        for (let t = 0; t < gold.length; t++) if (gold[t] >= 0 && result.tieSize[t] > 1) tied++;
        const fractional =
          tied > 0
            ? `; counting the ${tied} tied tasks 1/k: ${goldAccuracy(result.labels, gold, result.posteriors, classNames.length).value.toFixed(4)}`
            : '';
        const line = `accuracy on ${acc.total} gold tasks: ${acc.value.toFixed(4)} (95% CI ${acc.lower.toFixed(4)}–${acc.upper.toFixed(4)})${fractional}${options.clampGold ? ' [gold clamped]' : ''}\n`;
        (options.out ? process.stdout : process.stderr).write(line);
      }
    });
}

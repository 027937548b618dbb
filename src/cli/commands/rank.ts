/**
 * `tutorloop rank COMPARISONS.csv --method bt|noisybt|elo [--bootstrap N] [--seed S]`:
 * pairwise comparisons (`worker,left,right,label`, label = the winner) → `item,score,lower,upper,rank`.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { rankItems, rankingMethods } from '../../quality/ranking/index.js';
import { readComparisonsFile } from '../io/labelsFile.js';
import { formatNumber, writeCsv } from '../io/writeCsv.js';
import { parseSeed } from './aggregate.js';

interface RankCliOptions {
  method: string;
  bootstrap: string;
  seed: string;
  out?: string;
}

export function registerRank(program: Command): void {
  program
    .command('rank')
    .description('rank items from pairwise comparisons (worker,left,right,label → item,score,lower,upper,rank)')
    .argument('<comparisons>', 'CSV with columns worker,left,right,label (label = the winner)')
    .option('--method <name>', Object.keys(rankingMethods).join('|'), 'bt')
    .option('--bootstrap <rounds>', 'bootstrap rounds for 95% intervals (0: none)', '0')
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .action((file: string, options: RankCliOptions) => {
      if (!rankingMethods[options.method])
        throw new UserInputError(`unknown method "${options.method}"; expected one of ${Object.keys(rankingMethods).join(', ')}`, {
          field: 'method',
        });
      const rounds = Number(options.bootstrap);
      if (!Number.isInteger(rounds) || rounds < 0)
        throw new UserInputError(`--bootstrap must be a whole number, got "${options.bootstrap}"`, { field: 'bootstrap' });
      const comparisons = readComparisonsFile(file);
      const result = rankItems(comparisons, options.method, { bootstrap: rounds, seed: parseSeed(options.seed) });
      const order = Array.from(result.rank.keys()).sort((a, b) => result.rank[a] - result.rank[b]);
      writeCsv(options.out, ['item', 'score', 'lower', 'upper', 'rank'], order.length, (k) => {
        const i = order[k];
        return [
          comparisons.itemNames[i],
          formatNumber(result.scores[i]),
          formatNumber(result.lower[i]),
          formatNumber(result.upper[i]),
          String(result.rank[i]),
        ];
      });
    });
}

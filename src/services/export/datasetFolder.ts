/**
 * `export --dir out/`: a Hugging Face dataset folder — `data/train-00000-of-00001.parquet` and `README.md`,
 * a dataset card whose YAML front matter (`configs`, `dataset_info`, licence, task categories) is what
 * `datasets.load_dataset("out/")` and a Hub upload read, and whose text says what the data is, how
 * consensus was formed, who judged it, its provenance, and what was left out and why.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { annotatorTiers } from '../../store/repositories/exports.js';
import type { Db } from '../../store/transaction.js';
import { featuresYaml } from '../../domain/export/columns.js';
import type { ExportStream } from './exportProject.js';
import { writeParquet } from './parquet.js';
import { describeLeftOut, type ExportSummary } from './summary.js';

export const PARQUET_FILE = 'data/train-00000-of-00001.parquet';

const TASK_CATEGORY: Record<string, string> = { classification: 'text-classification', annotations: 'other' };

const WHAT: Record<string, string> = {
  dpo: 'preference pairs (prompt, chosen, rejected) for DPO and reward-model training (TRL DPOTrainer, RewardTrainer)',
  sft: 'chat conversations for supervised fine-tuning (TRL SFTTrainer)',
  ratings: 'per-axis rubric scores of single responses, with the number of annotators and the standard error',
  rm: 'per-axis rubric scores of single responses (deprecated name of ratings)',
  classification: 'items with their consensus label and its confidence',
  stepwise: "step-by-step solutions with a correctness label per step (TRL's stepwise supervision format)",
  annotations: 'every individual judgment, with a pseudonymous tutor id and the task consensus',
};

export interface CardOptions {
  license: string;
  version: string;
  now: Date;
}

export async function writeDatasetFolder(db: Db, dir: string, stream: ExportStream, opts: CardOptions): Promise<ExportSummary> {
  await rm(join(dir, 'data'), { recursive: true, force: true });
  await mkdir(join(dir, 'data'), { recursive: true });
  const rows = await writeParquet(join(dir, PARQUET_FILE), stream.fields, stream.rows());
  const summary = await stream.summary();
  const tiers = await annotatorTiers(db, stream.project.id);
  await writeFile(join(dir, 'README.md'), datasetCard(stream, summary, tiers, rows, opts));
  return summary;
}

export function datasetCard(
  stream: ExportStream,
  s: ExportSummary,
  tiers: { tier: string; tutors: number; judgments: number }[],
  rows: number,
  opts: CardOptions,
): string {
  const p = stream.project;
  const front = {
    license: opts.license,
    task_categories: [TASK_CATEGORY[s.format] ?? 'text-generation'],
    tags: ['tutorloop', 'human-feedback', s.format, p.type, ...p.domains],
    configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*.parquet' }] }],
    dataset_info: { features: featuresYaml(stream.fields), splits: [{ name: 'train', num_examples: rows }] },
  };
  const left = describeLeftOut(s);
  return [
    '---',
    stringify(front).trimEnd(),
    '---',
    '',
    `# ${p.name}`,
    '',
    `Human feedback exported by tutorloop ${opts.version}: ${WHAT[s.format]}.`,
    '',
    `- **Task type:** ${p.type}; **export format:** ${s.format}${s.style ? ` (style ${s.style})` : ''}`,
    `- **Domains:** ${p.domains.join(', ')}`,
    `- **Rows:** ${rows}`,
    `- **Licence:** ${opts.license}${opts.license === 'unknown' ? ' (set it with `--license`: it is the licence of the prompts and responses you imported)' : ''}`,
    '',
    '## How consensus was formed',
    '',
    `Each item was judged by one or more tutors. The project's consensus method is \`${p.consensusMethod}\`; a reviewer's verdict replaces the model's consensus (\`meta.consensusSource\` = \`review\`, with \`meta.reviewId\`). \`meta.method\`, \`meta.methodVersion\`, \`meta.confidence\` and \`meta.annotatorCount\` give each row's provenance. Gold (quality-check) tasks are never exported.`,
    '',
    '## Annotators',
    '',
    '| tier | tutors | judgments |',
    '|---|---|---|',
    ...tiers.map((t) => `| ${t.tier} | ${t.tutors} | ${t.judgments} |`),
    '',
    '## Left out',
    '',
    ...(left.length ? left.map((l) => `- ${l}`) : ['- nothing']),
    ...(s.leftOut.split
      ? ['', `Split items are decided in the review queue (${s.review}); \`--include-ties\` exports them marked \`meta.split = true\`.`]
      : []),
    '',
    '## Provenance',
    '',
    `Project "${p.name}" (id ${p.id}), exported ${opts.now.toISOString()} by tutorloop ${opts.version}. Imported task metadata is kept as a JSON string in \`source_meta\`${s.format === 'annotations' ? ' (not in this format)' : ''}.`,
    '',
  ].join('\n');
}

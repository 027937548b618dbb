/**
 * `tutorloop generate --project P --prompts FILE --models m1,m2 [--samples N] [--temperature T]`:
 * candidate responses from model endpoints, as tasks of the project. The job is stored before the
 * first call and each response as it lands, so `tutorloop generate --resume JOB` after a crash or
 * Ctrl-C carries on without calling again for a finished item; `--cancel JOB` stops one.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import type { GenerationProgress } from '../../domain/generation.js';
import { cancelGenerationJob, createGenerationJob, parsePrompts, runGenerationJob } from '../../services/models/generation.js';
import { getProjectByName } from '../../services/projects/queries.js';
import { cliActor } from './init.js';
import { DB_OPTION, decimal, integer, list, print, withContext } from '../io/commandKit.js';

interface Flags {
  project?: string;
  prompts?: string;
  models?: string[];
  samples?: number;
  temperature?: number;
  maxTokens?: number;
  resume?: number;
  cancel?: number;
  db?: string;
  json?: boolean;
}

function summary(p: GenerationProgress): string {
  const head = `generation job ${p.jobId}: ${p.state}; ${p.done} of ${p.total} responses, ${p.failed} failed; ${p.tasksCreated} task(s) in project ${p.projectId}`;
  const lines = [head, ...(p.error ? [`stopped: ${p.error}`] : []), ...p.problems.map((x) => `  left out ${x}`)];
  if (p.state === 'failed' || p.state === 'running') lines.push(`resume with: tutorloop generate --resume ${p.jobId}`);
  return lines.join('\n');
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate candidate responses with model endpoints into a project (a durable, resumable job)')
    .option('--project <name>', 'the project that gets the tasks (preference: 2 responses, ranking: k, rating/rewrite: 1)')
    .option('--prompts <file>', 'JSONL: {"id", "prompt" or "messages", "domain"} per line')
    .option('--models <list>', 'comma-separated endpoint names (tutorloop models list)', list)
    .option('--samples <n>', 'responses per model and prompt (default 1)', integer)
    .option('--temperature <t>', 'sampling temperature (default 0.7)', decimal)
    .option('--max-tokens <n>', 'longest response, in tokens (default 1024)', integer)
    .option('--resume <job>', 'carry on with a stored job', integer)
    .option('--cancel <job>', 'cancel a stored job', integer)
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: Flags) => {
      const result = await withContext(o.db, async (ctx) => {
        const actor = await cliActor(ctx.store);
        if (o.cancel !== undefined) return cancelGenerationJob(ctx, actor, o.cancel);
        let jobId = o.resume;
        if (jobId === undefined) {
          if (!o.project || !o.prompts || !o.models)
            throw new UserInputError('give --project, --prompts and --models (or --resume JOB)', {
              field: o.project ? (o.prompts ? 'models' : 'prompts') : 'project',
            });
          const project = await getProjectByName(ctx, o.project);
          const prompts = parsePrompts(readFileSync(o.prompts, 'utf8'), basename(o.prompts));
          jobId = await createGenerationJob(ctx, actor, project.id, prompts, {
            models: o.models,
            ...(o.samples !== undefined ? { samples: o.samples } : {}),
            ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
            ...(o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {}),
          });
          if (!o.json) process.stderr.write(`generation job ${jobId} stored (resume it with --resume ${jobId})\n`);
        }
        const bar =
          process.stderr.isTTY && !o.json
            ? new cliProgress.SingleBar(
                {
                  format: 'generating [{bar}] {value}/{total} responses | {failed} failed | {eta_formatted} left',
                  stream: process.stderr,
                  hideCursor: true,
                },
                cliProgress.Presets.shades_classic,
              )
            : null;
        let started = false;
        return runGenerationJob(ctx, jobId, ({ done, failed, total }) => {
          if (bar && !started) {
            bar.start(total, done + failed, { failed });
            started = true;
          }
          bar?.update(done + failed, { failed });
        }).finally(() => bar?.stop());
      });
      print(o.json, result, summary(result));
      if (result.state === 'failed') process.exitCode = 1;
    });
}

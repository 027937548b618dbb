/**
 * `tutorloop judges add|list|prompt|run`: AI judges without the web app, through the same services
 * as the API (validated, audited as the CLI's admin). `run` works a project through the routing like
 * a tutor, with a progress line; `--resume RUN` carries on with a stored run, `--cancel RUN` stops one.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { addJudge, listAllJudges, setJudgePrompt, type JudgeView } from '../../services/judges/admin.js';
import { cancelJudgeRun, createJudgeRun, runJudgeRun, type JudgeRunProgress } from '../../services/judges/runner.js';
import { getProjectByName } from '../../services/projects/queries.js';
import { cliActor } from './init.js';
import { DB_OPTION, integer, list, print, table, withContext } from '../io/commandKit.js';

/** A judge or endpoint named by id (digits) or by name. */
const ref = (r: string): number | string => (/^\d+$/.test(r) ? Number(r) : r);

const describeJudge = (j: JudgeView) =>
  `judge ${j.id} "${j.name}" on endpoint ${j.endpoint}; prompts: ${j.prompts.map((p) => `${p.taskType} v${p.version}`).join(', ')}`;

const describeRun = (r: JudgeRunProgress) =>
  [
    `judge run ${r.runId} in project ${r.projectId}: ${r.state}; ${r.judged} judged, ${r.failed} failed, ${r.toHumans} left to people`,
    ...(r.error ? [`stopped: ${r.error}`] : []),
  ].join('\n');

export function registerJudges(program: Command): void {
  const judges = program.command('judges').description('AI judges: users of tier model that work projects like tutors');

  judges
    .command('add')
    .description('add a judge bound to a model endpoint (tutorloop models list)')
    .requiredOption('--name <name>', 'the judge as people will see it, e.g. "GPT judge"')
    .requiredOption('--endpoint <endpoint>', 'the model endpoint, by name or id')
    .option('--domains <list>', 'comma-separated domains (informational)', list)
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { name: string; endpoint: string; domains?: string[]; db?: string; json?: boolean }) => {
      const judge = await withContext(o.db, async (ctx) =>
        addJudge(ctx, await cliActor(ctx.store), { name: o.name, endpoint: ref(o.endpoint), domains: o.domains ?? [] }),
      );
      print(o.json, { judge }, describeJudge(judge));
    });

  judges
    .command('list')
    .description('every judge, its endpoint and prompt versions')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const all = await withContext(o.db, (ctx) => listAllJudges(ctx));
      const rows = all.map((j) => [j.id, j.name, j.endpoint, j.prompts.map((p) => `${p.taskType} v${p.version}`).join(' ')]);
      print(o.json, { judges: all }, all.length ? table(['id', 'name', 'endpoint', 'prompts'], rows) : 'no judges yet');
    });

  judges
    .command('prompt')
    .description("a new version of the judge's prompt for one task type")
    .requiredOption('--judge <judge>', 'the judge, by user id or name')
    .requiredOption('--type <taskType>', 'preference, ranking, rating, label, rewrite, demonstration or steps')
    .requiredOption('--file <path>', 'the prompt text')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { judge: string; type: string; file: string; db?: string; json?: boolean }) => {
      const template = readFileSync(o.file, 'utf8');
      const judge = await withContext(o.db, async (ctx) =>
        setJudgePrompt(ctx, await cliActor(ctx.store), ref(o.judge), { taskType: o.type, template }),
      );
      print(o.json, { judge }, describeJudge(judge));
    });

  judges
    .command('run')
    .description("the judge works the project's tasks through the routing, like a tutor")
    .option('--project <name>', 'the project (it must admit tier model)')
    .option('--judge <judge>', 'the judge, by user id or name')
    .option('--max <n>', 'stop after this many tasks', integer)
    .option('--resume <run>', 'carry on with a stored run', integer)
    .option('--cancel <run>', 'cancel a stored run', integer)
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(
      async (o: { project?: string; judge?: string; max?: number; resume?: number; cancel?: number; db?: string; json?: boolean }) => {
        const result = await withContext(o.db, async (ctx) => {
          const actor = await cliActor(ctx.store);
          if (o.cancel !== undefined) return cancelJudgeRun(ctx, actor, o.cancel);
          let runId = o.resume;
          if (runId === undefined) {
            if (!o.project || !o.judge)
              throw new UserInputError('give --project and --judge (or --resume RUN)', { field: o.project ? 'judge' : 'project' });
            const project = await getProjectByName(ctx, o.project);
            runId = (await createJudgeRun(ctx, actor, project.id, { judge: ref(o.judge), ...(o.max ? { maxItems: o.max } : {}) })).runId;
            if (!o.json) process.stderr.write(`judge run ${runId} stored (resume it with --resume ${runId})\n`);
          }
          const tty = process.stderr.isTTY && !o.json;
          return runJudgeRun(ctx, runId, (p) => {
            if (tty) process.stderr.write(`\rjudged ${p.judged}, failed ${p.failed}, to people ${p.toHumans}`);
          }).finally(() => tty && process.stderr.write('\n'));
        });
        print(o.json, result, describeRun(result));
        if (result.state === 'failed') process.exitCode = 1;
      },
    );
}

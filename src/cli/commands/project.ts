/**
 * `tutorloop project create|list|show|update`: the projects a manager sets up in the web app, from a
 * terminal, through the same services (validated, audited as the CLI's admin). Settings no flag covers
 * (eligibility, quality policy…) come from `--config FILE` (YAML or JSON, the API's field names); flags win.
 */
import type { Command } from 'commander';
import { createProject, getProject, listProjects, projectStats, updateProject, type ProjectView } from '../../services/index.js';
import { PROJECT_STATUSES } from '../../domain/projects.js';
import { TASK_TYPES } from '../../domain/tasks.js';
import { cliActor } from './init.js';
import { findProject } from './import.js';
import { DB_OPTION, decimal, defined, integer, list, print, readObjectFile, table, withContext } from '../io/commandKit.js';

interface SettingFlags {
  db?: string;
  json?: boolean;
  config?: string;
  name?: string;
  overlap?: number;
  goldRate?: number;
  payPerTask?: number;
  instructions?: string;
}
interface CreateFlags extends SettingFlags {
  type?: string;
  domains?: string[];
  labels?: string[];
  multiLabel?: boolean;
  rubric?: string[];
}
interface UpdateFlags extends SettingFlags {
  status?: string;
}

/** `helpfulness:7` → {name: 'helpfulness', scale: 7}; a bare name takes the default scale. */
const rubricAxis = (spec: string) => {
  const [name, scale] = spec.split(':');
  return scale === undefined ? { name } : { name, scale: Number(scale) };
};

const settingFlags = (o: SettingFlags) =>
  defined({ name: o.name, overlap: o.overlap, goldRate: o.goldRate, payPerTask: o.payPerTask, instructions: o.instructions });

const summary = (p: ProjectView) => `project ${p.id} "${p.name}": ${p.type} in ${p.domains.join(', ')}, overlap ${p.overlap}, ${p.status}`;

function withSettingOptions(command: Command): Command {
  return command
    .option('--config <file>', 'YAML or JSON file of project settings (the API’s fields); flags override it')
    .option('--overlap <k>', 'judgments per task', integer)
    .option('--gold-rate <share>', 'share of served tasks that are gold, 0..1', decimal)
    .option('--pay-per-task <cents>', 'pay per submitted task, in cents', integer)
    .option('--instructions <text>', 'instructions shown to tutors (Markdown)')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON');
}

export function registerProject(program: Command): void {
  const project = program.command('project').description('create, list, show and change projects');

  withSettingOptions(
    project
      .command('create')
      .description('create a project')
      .option('--name <name>', 'unique project name')
      .option('--type <type>', TASK_TYPES.join(' | '))
      .option('--domains <list>', 'comma-separated domains, e.g. medicine,law', list)
      .option('--labels <list>', 'label projects: the comma-separated label set', list)
      .option('--multi-label', 'label projects: a tutor may pick several labels')
      .option('--rubric <axes>', 'rating projects: comma-separated axes, each NAME or NAME:SCALE', list),
  ).action(async (o: CreateFlags) => {
    const input = {
      ...(o.config ? readObjectFile(o.config) : {}),
      ...settingFlags(o),
      ...defined({ type: o.type, domains: o.domains, labels: o.labels, multiLabel: o.multiLabel, rubric: o.rubric?.map(rubricAxis) }),
    };
    const created = await withContext(o.db, async (ctx) => createProject(ctx, await cliActor(ctx.store), input));
    print(o.json, { project: created }, `created ${summary(created)}`);
  });

  project
    .command('list')
    .description('every project, with its progress')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const rows = await withContext(o.db, async (ctx) =>
        Promise.all((await listProjects(ctx)).map(async (p) => ({ ...p, stats: await projectStats(ctx, p.id) }))),
      );
      const text =
        rows.length === 0
          ? 'no projects yet: `tutorloop project create --name NAME --type TYPE --domains D`'
          : table(
              ['id', 'name', 'type', 'status', 'domains', 'tasks', 'done'],
              rows.map((p) => [p.id, p.name, p.type, p.status, p.domains.join(','), p.stats.tasks.total, p.stats.tasks.done]),
            );
      print(o.json, { projects: rows }, text);
    });

  project
    .command('show')
    .description('one project’s settings and progress')
    .argument('<project>', 'project name or id')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, o: { db?: string; json?: boolean }) => {
      const { p, stats } = await withContext(o.db, async (ctx) => {
        const p = await getProject(ctx, (await findProject(ctx, ref)).id);
        return { p, stats: await projectStats(ctx, p.id) };
      });
      const t = stats.tasks;
      print(
        o.json,
        { project: p, stats },
        `${summary(p)}\ntasks: ${t.total} (${t.gold} gold), ${t.done} done, ${t.inProgress} in progress, ${t.left} left`,
      );
    });

  withSettingOptions(
    project
      .command('update')
      .description('change a project (name, status, overlap, gold rate, pay, instructions, or --config settings)')
      .argument('<project>', 'project name or id')
      .option('--name <name>', 'new name')
      .option('--status <status>', PROJECT_STATUSES.join(' | ')),
  ).action(async (ref: string, o: UpdateFlags) => {
    const patch = { ...(o.config ? readObjectFile(o.config) : {}), ...settingFlags(o), ...defined({ status: o.status }) };
    const updated = await withContext(o.db, async (ctx) =>
      updateProject(ctx, await cliActor(ctx.store), (await findProject(ctx, ref)).id, patch),
    );
    print(o.json, { project: updated }, `updated ${summary(updated)}`);
  });
}

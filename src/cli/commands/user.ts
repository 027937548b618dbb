/**
 * `tutorloop user create|list`: accounts without the web app, through the same service (validated,
 * audited as the CLI's admin). The password comes from TUTORLOOP_USER_PASSWORD (flags show in `ps`)
 * or --password, and is never printed.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { ROLES, TIERS } from '../../domain/users.js';
import { createUser, listUsers, userView } from '../../services/users/index.js';
import { cliActor } from './init.js';
import { DB_OPTION, defined, integer, list, print, table, withContext } from '../io/commandKit.js';

interface CreateFlags {
  email: string;
  name?: string;
  role?: string;
  tier?: string;
  domains?: string[];
  payModel?: string;
  payRate?: number;
  password?: string;
  db?: string;
  json?: boolean;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('create and list user accounts');

  user
    .command('create')
    .description('create a user account')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--role <role>', ROLES.join(' | '), 'tutor')
    .option('--tier <tier>', TIERS.join(' | '), 'generalist')
    .option('--domains <list>', 'comma-separated domains of expertise', list)
    .option('--pay-model <model>', 'per_task | hourly')
    .option('--pay-rate <cents>', 'cents per task or per hour', integer)
    .option('--password <password>', 'initial password (prefer TUTORLOOP_USER_PASSWORD: flags show in ps)')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: CreateFlags) => {
      const password = o.password ?? process.env.TUTORLOOP_USER_PASSWORD;
      if (!password)
        throw new UserInputError('the new user needs a password: set TUTORLOOP_USER_PASSWORD (or --password)', { field: 'password' });
      const input = {
        email: o.email,
        name: o.name ?? o.email.split('@')[0],
        password,
        ...defined({ role: o.role, tier: o.tier, domains: o.domains, payModel: o.payModel, payRate: o.payRate }),
      };
      const created = await withContext(o.db, async (ctx) =>
        createUser(ctx, await cliActor(ctx.store), input as Parameters<typeof createUser>[2]),
      );
      const view = userView(created);
      print(
        o.json,
        { user: view },
        `created ${view.role} ${view.email} (id ${view.id}, ${view.tier}${view.domains.length ? ` in ${view.domains.join(', ')}` : ''})`,
      );
    });

  user
    .command('list')
    .description('every user, with role, tier and work done')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const users = await withContext(o.db, (ctx) => listUsers(ctx));
      const rows = users.map((u) => [
        u.id,
        u.email,
        u.name,
        u.role,
        u.tier,
        u.domains.join(',') || '-',
        u.disabled ? 'disabled' : 'active',
        u.stats.judgments,
      ]);
      print(o.json, { users }, table(['id', 'email', 'name', 'role', 'tier', 'domains', 'state', 'judgments'], rows));
    });
}

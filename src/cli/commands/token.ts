/**
 * `tutorloop token create --name NAME [--user EMAIL]`: a personal API token for scripts and the typed
 * client, made for that user as if they had asked for it (POST /api/tokens). The secret is printed once;
 * only its digest is stored. Audited (`token.create`, by the first admin, naming the owner) whoever the owner is.
 */
import type { Command } from 'commander';
import { TokenInput } from '../../domain/api/tokens.js';
import { UserInputError } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { createApiToken } from '../../services/auth/index.js';
import { actorOf } from '../../services/users/index.js';
import { findUserForLogin } from '../../store/repositories/users.js';
import { cliActor } from './init.js';
import { DB_OPTION, print, withContext } from '../io/commandKit.js';

export function registerToken(program: Command): void {
  const token = program.command('token').description('personal API tokens');

  token
    .command('create')
    .description('create an API token (sent as Authorization: Bearer …); printed once')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci')
    .option('--user <email>', 'whose token (default: the first admin)')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { name: string; user?: string; db?: string; json?: boolean }) => {
      const made = await withContext(o.db, async (ctx) => {
        const owner = o.user ? (await findUserForLogin(ctx.store.db, o.user.trim().toLowerCase()))?.user : undefined;
        if (o.user && (!owner || owner.disabled)) throw new UserInputError(`no active user with email ${o.user}`, { field: 'user' });
        const admin = await cliActor(ctx.store);
        const actor = owner ? actorOf(owner) : admin;
        const { name } = validateInput(TokenInput, { name: o.name });
        // Made from the terminal, by the operator standing for the first admin: audited as theirs.
        const { record, token } = await createApiToken(ctx, actor, name, admin);
        return { id: record.id, name: record.name, userId: actor.id, token };
      });
      print(o.json, made, `${made.token}\n(token ${made.id} "${made.name}"; shown only now: keep it secret)`);
    });
}

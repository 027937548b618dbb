/**
 * `tutorloop init`: bring the schema up to date and create the first admin. The admin comes from
 * flags or TUTORLOOP_ADMIN_* variables, or is asked for on a terminal; the password is never echoed
 * or logged. Running it again is safe: it reports what exists and changes nothing.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { openStore, type Store } from '../../store/database.js';
import { migrate } from '../../store/database.js';
import { resolveDbUrl } from '../../store/dialect.js';
import { serviceContext } from '../../services/context.js';
import { createUser } from '../../services/users/index.js';
import { PASSWORD_MIN_LENGTH } from '../../domain/passwordPolicy.js';
import { listUserRows } from '../../store/repositories/users.js';
import type { Actor } from '../../services/context.js';

/** Opens the database named by --db / TUTORLOOP_DB / the default, migrating it. Shared by the platform commands. */
export async function openCliStore(db?: string): Promise<Store> {
  return openStore(resolveDbUrl(db));
}

/** The CLI runs with local database access, so it acts as the first enabled admin (recorded in the audit log). */
export async function cliActor(store: Store): Promise<Actor> {
  const admin = (await listUserRows(store.db)).find((u) => u.role === 'admin' && !u.disabled);
  if (!admin) throw new UserInputError('no admin exists yet: run `tutorloop init` first');
  return { id: admin.id, role: admin.role, tier: admin.tier, domains: admin.domains };
}

interface InitOptions {
  db?: string;
  email?: string;
  name?: string;
  password?: string;
  json?: boolean;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question(question);
  rl.close();
  return answer.trim();
}

/** Reads a line from the terminal in raw mode, echoing nothing, so the password never appears on screen. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new UserInputError('cancelled'));
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create or upgrade the database schema and the first admin account')
    .option('--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .option('--email <email>', 'first admin email (or TUTORLOOP_ADMIN_EMAIL)')
    .option('--name <name>', 'first admin name (or TUTORLOOP_ADMIN_NAME)')
    .option('--password <password>', 'first admin password (prefer TUTORLOOP_ADMIN_PASSWORD: flags show in ps)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: InitOptions) => {
      const store = await openStore(resolveDbUrl(opts.db), { migrate: false });
      try {
        const applied = await migrate(store);
        const users = await listUserRows(store.db);
        const admin = users.find((u) => u.role === 'admin');
        if (admin) {
          report(
            opts,
            { migrations: applied, admin: admin.email, created: false },
            `schema up to date (${applied.length} migration(s) applied); admin ${admin.email} already exists`,
          );
          return;
        }
        let email = opts.email ?? process.env.TUTORLOOP_ADMIN_EMAIL;
        let name = opts.name ?? process.env.TUTORLOOP_ADMIN_NAME;
        let password = opts.password ?? process.env.TUTORLOOP_ADMIN_PASSWORD;
        if ((!email || !password) && process.stdin.isTTY) {
          email ??= await ask('Admin email: ');
          name ??= (await ask('Admin name [Admin]: ')) || 'Admin';
          password ??= await askHidden(`Admin password (${PASSWORD_MIN_LENGTH}+ characters, not a common one): `);
        }
        if (!email || !password) {
          throw new UserInputError('the first admin needs --email and --password (or TUTORLOOP_ADMIN_EMAIL and TUTORLOOP_ADMIN_PASSWORD)', {
            field: 'email',
          });
        }
        const user = await createUser(serviceContext(store), null, {
          email,
          name: name || 'Admin',
          password,
          role: 'admin',
          tier: 'generalist',
        });
        report(
          opts,
          { migrations: applied, admin: user.email, created: true },
          `schema created (${applied.length} migration(s) applied); admin ${user.email} created`,
        );
      } finally {
        await store.close();
      }
    });
}

function report(opts: InitOptions, result: object, text: string): void {
  process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${text}\n`);
}

/**
 * `tutorloop serve`: the HTTP server over the chosen database. With --demo it first loads the demo
 * project (only into a database that has no projects of its own) and prints the demo accounts.
 */
import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { serviceContext } from '../../services/context.js';
import { seedDemo } from '../../demo/seedDemo.js';
import { demoCredentialsTable } from '../../demo/credentials.js';
import { DEMO_ACCOUNTS } from '../../demo/accounts.js';
import { countUsers, findUserForLogin } from '../../store/repositories/users.js';
import { resolveDbUrl } from '../../store/dialect.js';
import { openStore } from '../../store/database.js';
import { UserInputError } from '../../domain/errors.js';

interface ServeOptions {
  db?: string;
  port: string;
  host: string;
  demo?: boolean;
  log?: boolean;
  allowOrigin?: string[];
  trustProxy?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (API at /api, web app at /)')
    .option('--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .option('--port <n>', 'port to listen on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'load the demo project and accounts if the database has no projects yet')
    .option('--log', 'log every request (pino, JSON lines)')
    .option('--allow-origin <origin...>', 'extra browser origins allowed to change state (e.g. a Vite dev server)')
    .option('--trust-proxy', 'trust X-Forwarded-* headers (behind a reverse proxy)')
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserInputError(`--port must be a port number, not "${opts.port}"`, { field: 'port' });
      const url = resolveDbUrl(opts.db);
      const store = await openStore(url, { backgroundCheckpoint: true });
      const ctx = serviceContext(store);
      if (opts.demo) {
        const seeded = await seedDemo(ctx);
        if (seeded.seeded) process.stdout.write(`demo loaded: ${seeded.users} users, ${seeded.projects} projects, ${seeded.tasks} tasks\n`);
        if (await findUserForLogin(store.db, DEMO_ACCOUNTS[0].email)) process.stdout.write(`${demoCredentialsTable()}\n`);
        else process.stdout.write('demo not loaded: this database already has projects of its own\n');
      } else if ((await countUsers(store.db)) === 0) {
        process.stdout.write('no users yet: run `tutorloop init` to create the first admin, or `serve --demo` for the demo\n');
      }
      const app = await buildApp({
        ctx,
        logger: opts.log ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] } : false,
        allowedOrigins: opts.allowOrigin,
        trustProxy: opts.trustProxy,
      });
      const address = await app.listen({ port, host: opts.host });
      process.stdout.write(`tutorloop listening on ${address.replace('[::1]', 'localhost')} (database: ${url.startsWith('sqlite:') ? url : 'postgres'})\n`);
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * `tutorloop serve`: the HTTP server over the chosen database. With --demo it first loads the demo
 * project (only into a database that has no projects of its own) and prints the demo accounts.
 */
import cluster from 'node:cluster';
import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { serviceContext, type ServiceContext } from '../../services/context.js';
import { startHeavyReadPool } from '../../services/offload/heavyReads.js';
import { exportWorkersFromEnv } from '../../services/offload/exportWorkers.js';
import { routingGroupsInFlight } from '../../store/repositories/routingGroups.js';
import { seedDemo } from '../../demo/seedDemo.js';
import { demoCredentialsTable } from '../../demo/credentials.js';
import { DEMO_ACCOUNTS } from '../../demo/accounts.js';
import { countUsers, findUserForLogin } from '../../store/repositories/users.js';
import { resolveDbUrl } from '../../store/dialect.js';
import { openStore, type Store } from '../../store/database.js';
import { UserInputError } from '../../domain/errors.js';
import { recoverImports } from '../../services/imports/stagedImports.js';
import { catchUpRubrics } from '../../services/rubrics/catchUpRubrics.js';
import { importLimitsFromEnv } from './importLimits.js';
import { startExpiryTimer } from '../../services/maintenance/expiryTimer.js';
import { recordMissingGold } from '../../services/gold/recordMissingGold.js';
import { DeliveryWorker } from '../../services/webhooks/deliveryWorker.js';
import { describeOpenFailure } from '../../store/openFailure.js';
import { publicHostOf } from '../../server/hostCheck.js';
import { DEFAULT_WORK_HOLD_MS, startWorkResumer } from '../../services/maintenance/heldWork.js';
import { DEFAULT_GOLD_RELEASE, parseGoldRelease, type GoldReleaseRule } from '../../services/gold/goldRelease.js';

interface ServeOptions {
  db?: string;
  port: string;
  host: string;
  demo?: boolean;
  log?: boolean;
  allowOrigin?: string[];
  trustProxy?: boolean;
  expiryInterval: string;
  publicUrl?: string;
  goldRelease?: string;
  workers: string;
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
    .option('--expiry-interval <seconds>', 'how often stale leases are expired without waiting for a `next`', '15')
    .option(
      '--gold-release <batch/judgments/minutes>',
      'when tutors see their own gold results: in batches of BATCH, each result after JUDGMENTS more judgments and MINUTES (default 5/20/60, or TUTORLOOP_GOLD_RELEASE)',
    )
    .option(
      '--public-url <url>',
      'the address browsers use (e.g. https://tutorloop.example.org); other Host headers are refused (default: TUTORLOOP_PUBLIC_URL, else loopback names only)',
    )
    .option(
      '--workers <n>',
      'serve from N processes on one port and one database (see docs/deploy.md)',
      process.env.TUTORLOOP_WORKERS ?? '1',
    )
    .action(async (opts: ServeOptions) => {
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64)
        throw new UserInputError(`--workers must be a whole number from 1 to 64, not "${opts.workers}"`, { field: 'workers' });
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UserInputError(`--port must be a port number, not "${opts.port}"`, { field: 'port' });
      const expiryMs = Number(opts.expiryInterval) * 1000;
      if (!(expiryMs >= 100))
        throw new UserInputError(`--expiry-interval must be a number of seconds (at least 0.1), not "${opts.expiryInterval}"`, {
          field: 'expiry-interval',
        });
      const publicUrl = opts.publicUrl ?? (process.env.TUTORLOOP_PUBLIC_URL || undefined);
      if (publicUrl !== undefined) checkPublicUrl(publicUrl);
      const url = resolveDbUrl(opts.db);
      routingGroupsInFlight(); // a bad TUTORLOOP_PG_ROUTING_GROUPS stops the server here, not a tutor's request
      if (workers > 1 && cluster.isPrimary) return superviseWorkers(url, workers, opts);
      const store = await explainFailure(url, () => openWritable(url));
      const ctx = serviceContext(store);
      // Dashboards whose work grows with the project run off the event loop (services/offload/).
      ctx.heavyReads = startHeavyReadPool(url);
      // Large exports are formed by worker threads, slices in parallel (services/export/parallelLines.ts).
      ctx.exportWorkers = exportWorkersFromEnv(url, { eager: true });
      ctx.goldRelease = goldReleaseOf(opts.goldRelease ?? (process.env.TUTORLOOP_GOLD_RELEASE || undefined));
      // Leases held when the last server stopped (or crashed) give their slots back now, then on a timer.
      const expiry = startExpiryTimer(ctx, expiryMs);
      await explainFailure(url, () => expiry.runOnce());
      // Imports abandoned by a crash: discard the staged ones, finish the ones publishing; then keep looking.
      const recover = () => recoverImports(ctx).catch((e) => ctx.reportError?.(e, 'recovering abandoned imports'));
      await recover();
      // A rubric stage whose follow-up a crash interrupted is finished now (services/rubrics/catchUpRubrics.ts).
      await catchUpRubrics(ctx).catch((e) => ctx.reportError?.(e, 'catching up rubric stages'));
      // Gold judgments a crash left without their result (live gold is recorded after the reply).
      await recordMissingGold(ctx).catch((e) => ctx.reportError?.(e, 'recording gold results left by a crash'));
      const recovery = setInterval(recover, 60_000);
      recovery.unref();
      // Judge runs and generation jobs a stopped or crashed server was working: taken up again once its hold lapses.
      ctx.workHoldMs = workHoldOf(process.env.TUTORLOOP_WORK_HOLD_MS);
      const resumer = startWorkResumer(ctx);
      await resumer.runOnce();
      // Webhooks: the outbox left by the last run (a crash included) goes out first, then as events come.
      const webhooks = new DeliveryWorker(ctx, {
        pollMs: Number(process.env.TUTORLOOP_WEBHOOK_POLL_MS) || undefined,
        timeoutMs: Number(process.env.TUTORLOOP_WEBHOOK_TIMEOUT_MS) || undefined,
      });
      webhooks.start();
      // With --workers the primary has greeted already; workers only serve.
      if (!cluster.isWorker) await greet(ctx, opts.demo === true);
      const app = await buildApp({
        ctx,
        logger: opts.log
          ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] }
          : false,
        allowedOrigins: opts.allowOrigin,
        trustProxy: opts.trustProxy,
        imports: importLimitsFromEnv(process.env),
        publicUrl,
      });
      const address = await app.listen({ port, host: opts.host });
      if (cluster.isWorker) process.send?.({ listening: address });
      else
        process.stdout.write(
          `tutorloop listening on ${address.replace('[::1]', 'localhost')} (database: ${url.startsWith('sqlite:') ? url : 'postgres'})\n`,
        );
      // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the database cleanly.
      const stop = async () => {
        setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
        clearInterval(recovery);
        resumer.stop();
        await app.close();
        await webhooks.stop();
        await expiry.stop();
        await ctx.heavyReads?.close();
        await ctx.exportWorkers?.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** Seed the demo when asked, and say how to sign in (or that there is nobody yet). */
async function greet(ctx: ServiceContext, demo: boolean): Promise<void> {
  const db = ctx.store.db;
  if (demo) {
    const seeded = await seedDemo(ctx);
    if (seeded.seeded) process.stdout.write(`demo loaded: ${seeded.users} users, ${seeded.projects} projects, ${seeded.tasks} tasks\n`);
    if (await findUserForLogin(db, DEMO_ACCOUNTS[0].email)) process.stdout.write(`${demoCredentialsTable()}\n`);
    else process.stdout.write('demo not loaded: this database already has projects of its own\n');
  } else if ((await countUsers(db)) === 0) {
    process.stdout.write('no users yet: run `tutorloop init` to create the first admin, or `serve --demo` for the demo\n');
  }
}

/**
 * `--workers N`: this process brings the database up to date and greets once, then forks N workers
 * (node:cluster), each the whole server on the shared port; connections are handed out round-robin.
 * Nothing a request needs lives in one worker's memory alone (docs/deploy.md). A worker that dies is
 * replaced; one that dies before it ever listened stops the lot (a bad port, a bad database). SIGTERM
 * or SIGINT stops every worker gracefully.
 */
async function superviseWorkers(url: string, workers: number, opts: ServeOptions): Promise<void> {
  // No background checkpointer here: this store lives only until the workers start.
  const store = await explainFailure(url, () => openStore(url, { requireWritable: true }));
  try {
    await greet(serviceContext(store), opts.demo === true);
  } finally {
    await store.close();
  }
  let stopping = false;
  let listening = 0;
  const start = () => {
    const worker = cluster.fork();
    let listened = false;
    worker.on('message', (m: { listening?: string }) => {
      if (!m.listening || listened) return;
      listened = true;
      if (++listening === workers) {
        process.stdout.write(
          `tutorloop listening on ${m.listening.replace('[::1]', 'localhost')} (${workers} workers, database: ${url.startsWith('sqlite:') ? url : 'postgres'})\n`,
        );
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`})${listened ? '; starting another' : ''}\n`);
      if (listened) start();
      else stopAll(1);
    });
  };
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (alive.length === 0) process.exit(code);
    let left = alive.length;
    for (const w of alive) {
      w!.once('exit', () => --left === 0 && process.exit(code));
      w!.process.kill('SIGTERM');
    }
  };
  for (let i = 0; i < workers; i++) start();
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));
}

/** How long a graceful shutdown may take before the process gives up on stragglers. */
const SHUTDOWN_GRACE_MS = 15_000;

/** Open (and migrate) the database, and make sure it can be written. */
async function openWritable(url: string): Promise<Store> {
  return openStore(url, { backgroundCheckpoint: true, requireWritable: true });
}

/** A database that cannot be used at start is one line on stderr and exit 1, not a stack trace. */
async function explainFailure<T>(url: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const line = describeOpenFailure(error, url);
    if (!line) throw error;
    process.stderr.write(`error: ${line}\n`);
    process.exit(1);
  }
}

function checkPublicUrl(publicUrl: string): void {
  try {
    publicHostOf(publicUrl);
  } catch (error) {
    throw new UserInputError(`--public-url: ${(error as Error).message}`, { field: 'public-url' });
  }
}

/** TUTORLOOP_WORK_HOLD_MS: how soon work a crashed server held is taken up again (default 30 s). */
function workHoldOf(text: string | undefined): number {
  if (!text) return DEFAULT_WORK_HOLD_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100)
    throw new UserInputError(`TUTORLOOP_WORK_HOLD_MS must be whole milliseconds (at least 100), not "${text}"`);
  return ms;
}

function goldReleaseOf(text: string | undefined): GoldReleaseRule {
  if (text === undefined) return DEFAULT_GOLD_RELEASE;
  try {
    return parseGoldRelease(text);
  } catch (error) {
    throw new UserInputError(`--gold-release: ${(error as Error).message}`, { field: 'gold-release' });
  }
}

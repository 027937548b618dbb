/**
 * Judge runs and generation jobs started over the API run in the server process, in the background.
 * The process holds each one (store/repositories/heldWork.ts) and renews the hold while it works; when
 * the process stops or crashes the hold lapses, and a server (this one after a restart, or another)
 * takes the work up again on a timer. Resuming pays nothing twice: a generation job calls only its
 * items still pending (idempotent per prompt × model × sample), and a judge run continues through the
 * routing, which never serves a task twice to the same judge. Only a call in flight at the crash,
 * whose reply was never stored, is asked again.
 */
import { abandonedWork, type HeldTable, holdWork, renewHold } from '../../store/repositories/heldWork.js';
import { reportFollowUpError, type ServiceContext } from '../context.js';
import { runJudgeRun } from '../judges/runner.js';
import { runGenerationJob } from '../models/generation.js';

/** How long a hold lasts without renewal (renewed every third of it); `ctx.workHoldMs` overrides. */
export const DEFAULT_WORK_HOLD_MS = 30_000;

const WORK: Record<HeldTable, { name: string; run: (ctx: ServiceContext, id: number) => Promise<unknown> }> = {
  judge_runs: { name: 'judge run', run: (ctx, id) => runJudgeRun(ctx, id) },
  generation_jobs: { name: 'generation job', run: (ctx, id) => runGenerationJob(ctx, id) },
};

const holdMs = (ctx: ServiceContext) => ctx.workHoldMs ?? DEFAULT_WORK_HOLD_MS;

/** Works a run/job this process holds, renewing the hold until it returns; failures are reported. */
function workHeld(ctx: ServiceContext, table: HeldTable, id: number): Promise<void> {
  const hold = holdMs(ctx);
  const renew = setInterval(
    () => {
      renewHold(ctx.store.db, table, id, ctx.now() + hold).catch((err: unknown) =>
        reportFollowUpError(ctx, err, `holding ${WORK[table].name} ${id}`),
      );
    },
    Math.max(20, Math.floor(hold / 3)),
  );
  renew.unref();
  return WORK[table]
    .run(ctx, id)
    .then(() => undefined)
    .catch((err: unknown) => reportFollowUpError(ctx, err, `${WORK[table].name} ${id}`))
    .finally(() => clearInterval(renew));
}

/** Take a run/job just created over the API and work it in the background (the request does not wait). */
export async function startHeldWork(ctx: ServiceContext, table: HeldTable, id: number): Promise<void> {
  if (await holdWork(ctx.store.db, table, id, ctx.now() + holdMs(ctx), ctx.now())) void workHeld(ctx, table, id);
}

/** Take up every abandoned run/job this process can claim, in the background; how many it took. */
export async function resumeAbandonedWork(ctx: ServiceContext): Promise<number> {
  let taken = 0;
  for (const table of Object.keys(WORK) as HeldTable[])
    for (const id of await abandonedWork(ctx.store.db, table, ctx.now()))
      if (await holdWork(ctx.store.db, table, id, ctx.now() + holdMs(ctx), ctx.now())) {
        taken++;
        void workHeld(ctx, table, id);
      }
  return taken;
}

/** `serve`: look for abandoned work now and then every hold period. */
export function startWorkResumer(ctx: ServiceContext): { runOnce: () => Promise<number>; stop: () => void } {
  const runOnce = () =>
    resumeAbandonedWork(ctx).catch((err: unknown) => {
      reportFollowUpError(ctx, err, 'resuming judge runs and generation jobs');
      return 0;
    });
  const timer = setInterval(() => void runOnce(), holdMs(ctx));
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}

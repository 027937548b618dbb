/**
 * `tutorloop simulate SCENARIO.yaml --url http://host:port`: the scenario's tutors drive a running
 * server over HTTP (realtime.ts), many at once — a simulation and a load test in one. Needs an
 * admin: `TUTORLOOP_TOKEN` (an admin's API token), or `--admin-email` with `--admin-password` /
 * `TUTORLOOP_ADMIN_PASSWORD`. Prints the usual summary plus load numbers and the accounting that
 * shows no acknowledged submission was lost; exits 1 when the accounting does not add up.
 * Ctrl-C stops handing out work, gives held leases back and still reconciles; a second Ctrl-C quits.
 */
import { UserInputError } from '../../domain/errors.js';
import { HttpPlatform } from '../../simulator/http.js';
import { HttpApiError } from '../../simulator/httpClient.js';
import type { Latency } from '../../simulator/load.js';
import { runOverHttp, type HttpSimulationResult, type RealtimeOptions } from '../../simulator/realtime.js';
import type { Scenario } from '../../simulator/scenario.js';

export interface OverHttpOptions {
  url: string;
  adminEmail?: string;
  adminPassword?: string;
  concurrency?: string;
  speedup?: string;
  wait?: boolean;
  duration?: string;
  session?: string;
}

function positive(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new UserInputError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`, { field: name });
  return n;
}

function adminOf(opts: OverHttpOptions): { token: string } | { email: string; password: string } {
  const password = opts.adminPassword ?? process.env.TUTORLOOP_ADMIN_PASSWORD;
  if (opts.adminEmail) {
    if (!password)
      throw new UserInputError('--admin-email needs --admin-password or TUTORLOOP_ADMIN_PASSWORD', { field: 'admin-password' });
    return { email: opts.adminEmail, password };
  }
  const token = process.env.TUTORLOOP_TOKEN;
  if (token) return { token };
  throw new UserInputError('--url needs an admin: set TUTORLOOP_TOKEN (an admin API token) or give --admin-email and --admin-password', {
    field: 'admin-email',
  });
}

export async function simulateOverHttp(
  scenario: Scenario,
  seed: number | undefined,
  opts: OverHttpOptions,
  onProgress?: RealtimeOptions['onProgress'],
): Promise<HttpSimulationResult> {
  let platform: HttpPlatform;
  try {
    platform = new HttpPlatform({ url: opts.url, admin: adminOf(opts) });
  } catch (e) {
    if (e instanceof RangeError) throw new UserInputError(e.message, { field: 'url' });
    throw e;
  }
  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write(
      '\nstopping: in-flight work finishes, held leases are given back, then the run is reconciled (Ctrl-C again to quit now)\n',
    );
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  try {
    return await runOverHttp(scenario, platform, {
      seed,
      concurrency: positive('concurrency', opts.concurrency, true),
      speedup: opts.wait === false ? null : (positive('speedup', opts.speedup, false) ?? 1000),
      durationSeconds: positive('duration', opts.duration, false),
      sessionJudgments: positive('session', opts.session, true),
      signal: abort.signal,
      onProgress,
    });
  } catch (e) {
    // An unreachable server or credentials it refuses are the caller's to fix: exit 2 with the reason.
    if (e instanceof HttpApiError && (e.status === 'network' || e.status === 401 || e.op === 'me')) {
      throw new UserInputError(`${opts.url}: ${e.message}`, { field: e.status === 'network' ? 'url' : 'admin-email' });
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

const ms = (l: Latency | undefined) =>
  l ? `p50 ${l.p50Ms.toFixed(1)} / p95 ${l.p95Ms.toFixed(1)} / p99 ${l.p99Ms.toFixed(1)} ms (${l.count} calls)` : 'no calls';

/** Load and accounting lines that follow the usual summary. */
export function formatLoad(r: HttpSimulationResult): string {
  const l = r.load,
    a = r.accounting;
  const errors =
    Object.entries(l.errors)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ') || 'none';
  return (
    [
      `load: ${l.cycles} cycles in ${l.wallSeconds.toFixed(1)} s = ${l.cyclesPerSecond} cycles/s with ${l.concurrency} tutors at once (setup ${l.setupSeconds.toFixed(1)} s)`,
      `  next   ${ms(l.latency.next)}`,
      `  submit ${ms(l.latency.submit)}`,
      `  non-2xx answers: ${errors}`,
      `accounting (${a.matchedBy}): ${a.acknowledged} acknowledged (${a.acknowledgedGold} gold), ${a.exported} exported, ${a.matched} matched, ` +
        `lost ${a.lost}, duplicated ${a.duplicated}, unacknowledged ${a.unacknowledged}, 409 ${a.conflicts}, per-tutor mismatches ${a.perTutor.mismatched.length}, ` +
        `over overlap ${a.overOverlap.length}, tutor twice on a task ${a.repeatedTutorOnTask.length} → ${a.ok ? 'OK' : 'NOT OK'}`,
    ].join('\n') + '\n'
  );
}

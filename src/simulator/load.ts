/**
 * Load numbers for `simulate --url`: per HTTP operation (next, submit, skip, setup calls) the
 * latency of every call and the count of every status, and what a run adds up to — cycles per
 * second (a cycle is one `next` answered 200 and its `submit` acknowledged 201) and latency
 * percentiles. Nearest-rank percentiles over every sample (a 15 s run at a few thousand cycles
 * per second is tens of thousands of numbers: kept whole, sorted once at the end).
 */

export interface Latency {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadReport {
  /** Tutors working at once (the driver's bound). */
  concurrency: number;
  /** Wall-clock seconds of the work phase (setup and the final export are not counted). */
  wallSeconds: number;
  /** Acknowledged submissions (201 with an annotationId). */
  cycles: number;
  cyclesPerSecond: number;
  /** Latency per operation (every call, whatever its status). */
  latency: Record<string, Latency>;
  /** Status counts per operation; `network` is a call that got no HTTP answer (refused, reset, timed out). */
  statuses: Record<string, Record<string, number>>;
  /** Every answer that was not the operation's success (2xx), by status, summed over operations. */
  errors: Record<string, number>;
  /** Setup cost: users created and signed in, tasks imported, seconds. */
  setupSeconds: number;
}

/** Nearest-rank percentile of sorted values (p in [0, 100]). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function latencyOf(samples: readonly number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const sum = samples.reduce((s, x) => s + x, 0);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    count: samples.length,
    meanMs: r(samples.length > 0 ? sum / samples.length : 0),
    p50Ms: r(percentile(sorted, 50)),
    p95Ms: r(percentile(sorted, 95)),
    p99Ms: r(percentile(sorted, 99)),
    maxMs: r(sorted.length > 0 ? sorted[sorted.length - 1] : 0),
  };
}

/** Collects calls as they happen; `phase` separates setup calls from the work being measured. */
export class LoadMeter {
  private samples = new Map<string, number[]>();
  private status = new Map<string, Map<string, number>>();
  phase: 'setup' | 'work' | 'after' = 'setup';

  record(op: string, ms: number, status: number | 'network'): void {
    const key = this.phase === 'work' ? op : `${this.phase}:${op}`;
    let list = this.samples.get(key);
    if (!list) this.samples.set(key, (list = []));
    list.push(ms);
    let counts = this.status.get(key);
    if (!counts) this.status.set(key, (counts = new Map()));
    counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
  }

  /** Calls of `op` in the work phase that were answered with `status`. */
  count(op: string, status: number | 'network'): number {
    return this.status.get(op)?.get(String(status)) ?? 0;
  }

  report(run: { concurrency: number; wallMs: number; cycles: number; setupMs: number }): LoadReport {
    const latency: Record<string, Latency> = {};
    const statuses: Record<string, Record<string, number>> = {};
    const errors: Record<string, number> = {};
    for (const [op, list] of [...this.samples].sort(([a], [b]) => a.localeCompare(b))) latency[op] = latencyOf(list);
    for (const [op, counts] of [...this.status].sort(([a], [b]) => a.localeCompare(b))) {
      statuses[op] = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
      for (const [s, n] of counts) if (!/^2\d\d$/.test(s)) errors[s] = (errors[s] ?? 0) + n;
    }
    const seconds = run.wallMs / 1000;
    return {
      concurrency: run.concurrency,
      wallSeconds: Math.round(seconds * 1000) / 1000,
      cycles: run.cycles,
      cyclesPerSecond: seconds > 0 ? Math.round((run.cycles / seconds) * 10) / 10 : 0,
      latency,
      statuses,
      errors,
      setupSeconds: Math.round(run.setupMs) / 1000,
    };
  }
}

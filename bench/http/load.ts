/**
 * The load generator of bench/http/routing.ts: tutors loop over keep-alive connections, one each.
 *
 * Modes: 'separate' — a cycle is POST next, then POST submit (two requests); 'combined' — a cycle is
 * one POST submit-and-next, which returns the next lease (a tutor calls next only to get its first
 * lease, or when submit-and-next returned none).
 *
 * Closed loop (no rate): every tutor starts its next cycle as soon as the last one ends, so this
 * measures the maximum throughput, and latency at that saturation (Little's law: tutors / rate).
 * Open loop (`rate` cycles/s over all tutors): each tutor has a schedule of intended start times,
 * one every tutors/rate seconds, phases spread evenly; a cycle starts at its intended time, or at
 * once when the tutor is behind, and its latency counts from the intended time, so a server that
 * falls behind shows it in the percentiles instead of slowing the generator (no coordinated omission).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type Mode = 'separate' | 'combined';

interface Lease {
  assignment: { id: number };
}

function post(agent: http.Agent, base: URL, path: string, token: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
};
const lat = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: pct(xs, 100) });

export interface LoadOptions {
  base: string;
  projectId: number;
  tokens: string[];
  seconds: number;
  warmup: number;
  mode: Mode;
  /** Offered cycles per second over all tutors (open loop); absent: closed loop. */
  rate?: number;
  /** Called when the measured window opens and when it closes (e.g. to read CPU counters). */
  onWindow?: (edge: 'start' | 'end') => void;
}

export async function load({ base, projectId, tokens, seconds, warmup, mode, rate, onWindow }: LoadOptions) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: tokens.length });
  const url = new URL(base);
  const samples = { next: [] as number[], submit: [] as number[], submitAndNext: [] as number[], cycle: [] as number[] };
  const statuses: Record<string, number> = {};
  let errors = 0;
  let late = 0;
  const start = performance.now();
  const measureFrom = start + warmup * 1000;
  const end = measureFrom + seconds * 1000;
  // A request or cycle counts when it completes inside the measured window, whenever it started:
  // on a slow server a cycle can outlast the warm-up, and dropping those would hide the slowness.
  const inWindow = (t: number) => t >= measureFrom && t <= end;
  const edges = onWindow
    ? [setTimeout(() => onWindow('start'), warmup * 1000), setTimeout(() => onWindow('end'), (warmup + seconds) * 1000)]
    : [];
  const record = (kind: keyof typeof samples, status: number, ok: boolean, ms: number, at: number) => {
    if (!inWindow(at)) return;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (ok) samples[kind].push(ms);
    else errors++;
  };
  const body = JSON.stringify({ response: { labels: ['yes'] }, durationMs: 4000 });
  const period = rate ? (tokens.length / rate) * 1000 : 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  await Promise.all(
    tokens.map(async (token, i) => {
      let lease: Lease | null = null;
      let intended = start + (period * i) / tokens.length;
      while (performance.now() < end) {
        if (rate) {
          const wait = intended - performance.now();
          if (wait > 0) await sleep(wait);
          else if (wait < -period) late++;
        }
        const t0 = rate ? intended : performance.now();
        intended += period;
        try {
          // The cycle's next: in combined mode only when the last submit-and-next brought no lease.
          const callsNext = mode === 'separate' || lease === null;
          if (callsNext) {
            const n = await post(agent, url, `/api/projects/${projectId}/next`, token);
            const t1 = performance.now();
            record('next', n.status, n.status === 200 || n.status === 204, t1 - t0, t1);
            if (n.status !== 200) continue;
            lease = JSON.parse(n.body) as Lease;
          }
          const id = (lease as Lease).assignment.id;
          const tSend = performance.now();
          const path = mode === 'separate' ? `/api/assignments/${id}/submit` : `/api/assignments/${id}/submit-and-next`;
          const s = await post(agent, url, path, token, body);
          const t2 = performance.now();
          // A request's latency runs from its send, or from the cycle's (intended) start when it opens the cycle.
          record(mode === 'separate' ? 'submit' : 'submitAndNext', s.status, s.status === 201, t2 - (callsNext ? tSend : t0), t2);
          if (s.status === 201 && inWindow(t2)) samples.cycle.push(t2 - t0);
          lease = mode === 'combined' && s.status === 201 ? ((JSON.parse(s.body) as { next: Lease | null }).next ?? null) : null;
        } catch {
          if (inWindow(performance.now())) errors++;
          lease = null;
        }
      }
    }),
  );
  agent.destroy();
  for (const t of edges) clearTimeout(t);
  const cycles = samples.cycle.length;
  return {
    mode,
    loop: rate ? ('open' as const) : ('closed' as const),
    ...(rate ? { offeredCyclesPerSecond: rate, cyclesStartedLate: late } : {}),
    tutors: tokens.length,
    seconds,
    cycles,
    cyclesPerSecond: Math.round(cycles / seconds),
    requestsPerSecond: Math.round((samples.next.length + samples.submit.length + samples.submitAndNext.length) / seconds),
    latencyMs: {
      next: lat(samples.next),
      ...(mode === 'separate' ? { submit: lat(samples.submit) } : { submitAndNext: lat(samples.submitAndNext) }),
      cycle: lat(samples.cycle),
    },
    statuses,
    errors,
  };
}

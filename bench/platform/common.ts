/** Shared bench helpers: synthetic task lines, RSS sampling, fresh databases, result files. */
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** A deterministic preference line of realistic size (~330 bytes). */
export function syntheticLine(i: number): string {
  return JSON.stringify({
    id: `t${i}`,
    type: 'preference',
    domain: i % 10 === 0 ? 'code' : 'general',
    priority: i % 7 === 0 ? 1 : 0,
    prompt: `Question ${i}: how should one explain recursion to a first-year student, briefly?`,
    responses: [
      { id: 'a', text: `Answer A for ${i}: a function that calls itself on a smaller input until a base case stops it.`, model: 'm1' },
      { id: 'b', text: `Answer B for ${i}: think of Russian dolls; each opens to a smaller one until the last.`, model: 'm2' },
    ],
  });
}

/** Write (once) a JSONL file of `n` synthetic preference tasks; returns its path. */
export async function syntheticFile(n: number): Promise<string> {
  const path = join(tmpdir(), `tutorloop-bench-${n}.jsonl`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const out = createWriteStream(`${path}.part`);
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    chunk.push(syntheticLine(i));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((r) => out.end(r));
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
  return path;
}

/** Peak RSS while `fn` runs, sampled every 50 ms. */
export async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number; startRssMb: number; peakHeapMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await fn();
    sample();
    return { result, peakRssMb: mb(peak), startRssMb: mb(startRss), peakHeapMb: mb(peakHeap) };
  } finally {
    clearInterval(timer);
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

export async function freshPostgres(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgres(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await c.end();
}

export function machine() {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemGb: Math.round(totalmem() / 2 ** 30) };
}

export function writeResult(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const log = (s: string) => process.stderr.write(`${s}\n`);

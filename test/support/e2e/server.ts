/**
 * A real tutorloop server for one e2e file: `node bin/tutorloop.js serve` on a free port over a fresh
 * temporary SQLite database (optionally `--demo`). Builds the web app first if dist/web is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningServer {
  url: string;
  dbPath: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function ensureBuilt(): void {
  const need: string[] = [];
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) need.push('build:web');
  if (!existsSync(join(ROOT, 'dist/cli/main.js')) && !process.env.TUTORLOOP_FROM_SOURCE) need.push('build:cli');
  for (const script of need) {
    const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export async function startServer(opts: { demo?: boolean; args?: string[] } = {}): Promise<RunningServer> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-e2e-'));
  const dbPath = join(dir, 'e2e.db');
  const port = await freePort();
  const args = ['bin/tutorloop.js', 'serve', '--db', `sqlite:${dbPath}`, '--port', String(port), '--host', '127.0.0.1'];
  if (opts.demo) args.push('--demo');
  if (opts.args) args.push(...opts.args);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) throw new Error(`the server exited with ${exited} before listening:\n${out}`);
    try {
      const r = await fetch(`${url}/api/openapi.json`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    dbPath,
    output: () => out,
    stop: async () => {
      if (exited === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

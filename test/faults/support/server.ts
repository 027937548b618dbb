/**
 * A real `tutorloop serve` process from the built CLI (dist/cli), which the fault tests kill,
 * restart and stop. The port stays the same across restarts, as behind a load balancer.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Rebuild dist/cli (esbuild, ~1 s): a stale bundle would test yesterday's code. */
export function buildCli(): void {
  const r = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:cli failed');
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface ServeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs `tutorloop serve` to completion (for start-up failures): exit code and everything it printed. */
export function serveOnce(args: string[], timeoutMs = 20_000): Promise<ServeResult> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['bin/tutorloop.js', 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output += d;
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      ok({ code, signal, output });
    });
  });
}

export class ServerProcess {
  readonly url: string;
  private child: ChildProcess | null = null;
  private exit: Promise<ServeResult> | null = null;
  private log = '';

  constructor(
    readonly db: string,
    readonly port: number,
    private readonly extraArgs: string[] = [],
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Everything every run of the server printed. */
  output(): string {
    return this.log;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server and waits until it answers (`timeoutMs`: several workers take longer on a loaded machine). */
  async start(timeoutMs = 30_000): Promise<void> {
    const args = ['bin/tutorloop.js', 'serve', '--db', this.db, '--port', String(this.port), '--host', '127.0.0.1', ...this.extraArgs];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    const keep = (d: Buffer) => {
      output += d;
      this.log += d;
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exit = new Promise((ok) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        ok({ code, signal, output });
      }),
    );
    let exited = false;
    void this.exit.then(() => (exited = true));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`the server exited before it was ready:\n${output}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the server did not start in ${timeoutMs / 1000} s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals): Promise<ServeResult> {
    const child = this.child;
    const exit = this.exit;
    if (!child || !exit) throw new Error('the server is not running');
    child.kill(signal);
    return exit;
  }

  /** The result of the running process once it ends (for a SIGTERM sent elsewhere). */
  exited(): Promise<ServeResult> {
    if (!this.exit) throw new Error('never started');
    return this.exit;
  }

  async stop(): Promise<void> {
    if (this.child) await this.kill('SIGKILL');
  }
}

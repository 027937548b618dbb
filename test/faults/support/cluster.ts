/**
 * A private PostgreSQL cluster for one test file, which the test may stop and restart (never the
 * shared one other suites use). initdb refuses to run as root, so as root every pg_ctl runs as the
 * `postgres` user, as scripts/test.sh does. Commands are asynchronous: tutors keep working while
 * the database restarts.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server.js';

const run = promisify(execFile);

export function postgresBin(): string | null {
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    return versions.length ? `/usr/lib/postgresql/${versions[versions.length - 1]}/bin` : null;
  } catch {
    return null;
  }
}

export class PrivateCluster {
  readonly url: string;
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  static async start(): Promise<PrivateCluster> {
    const bin = postgresBin();
    if (!bin) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/*/bin)');
    const dir = mkdtempSync(join(tmpdir(), 'tutorloop-pg-'));
    if (userInfo().uid === 0) {
      const pgUser = await run('id', ['-u', 'postgres']);
      const pgGroup = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(pgUser.stdout.trim()), Number(pgGroup.stdout.trim()));
      chmodSync(dir, 0o700);
    }
    const cluster = new PrivateCluster(bin, dir, await freePort());
    await cluster.pg(`initdb -D ${dir}/data -U postgres --auth=trust -E UTF8 --no-sync`);
    await cluster.ctl('start');
    return cluster;
  }

  private async pg(command: string): Promise<string> {
    const line = `${this.bin}/${command}`;
    const out = userInfo().uid === 0 ? await run('su', ['postgres', '-c', line]) : await run('bash', ['-c', line]);
    return out.stdout;
  }

  private ctl(action: 'start' | 'restart' | 'stop', mode = 'fast'): Promise<string> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    return this.pg(`pg_ctl -D ${this.dir}/data -l ${this.dir}/log -w -m ${mode} -o '${options}' ${action}`);
  }

  /** `pg_ctl restart -m fast`: every connection is ended (57P01) and the server comes back. */
  restart(): Promise<string> {
    return this.ctl('restart');
  }

  stopServer(): Promise<string> {
    return this.ctl('stop');
  }

  startServer(): Promise<string> {
    return this.ctl('start');
  }

  async destroy(): Promise<void> {
    await this.ctl('stop', 'immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

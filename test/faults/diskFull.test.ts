/**
 * A full disk and a read-only database (issue 12, items 13 and 15), on a real small filesystem
 * (tmpfs): writes answer 507 naming the cause (never 500), the server keeps serving reads and
 * logs it, the file stays sound, and writes work again as soon as space returns, without a
 * restart. A server started on a read-only path, or against an unreachable PostgreSQL, says so
 * in one line and exits 1.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures, soundness } from './support/checks.js';
import { buildCli, freePort, serveOnce, ServerProcess } from './support/server.js';
import { seedScenario } from './support/setup.js';
import { mountSmallDisk, type SmallDisk } from './support/tmpfs.js';
import { startCrew, type Ack } from './support/tutors.js';

/** Fill the filesystem holding `dir` to the last byte. */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  // The last partial chunk too.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512, 1));
  } catch {
    /* full */
  } finally {
    closeSync(fd);
  }
  return file;
}

const mounted = await mountSmallDisk(24);
const refused = 'refused' in mounted ? mounted.refused : null;
if (refused) console.warn(`disk-full faults skipped: ${refused}`);

describe.skipIf(refused !== null)('a full disk and a read-only database (SQLite on tmpfs)', () => {
  const disk = mounted as SmallDisk;
  let server: ServerProcess | undefined;
  beforeAll(() => buildCli());
  afterAll(async () => {
    await server?.stop();
    await disk.unmount();
  });

  it('a full disk answers 507 with retry-after, keeps the file sound, and recovers when space returns', async () => {
    const file = join(disk.dir, 'full.db');
    const url = `sqlite:${file}`;
    const scenario = await seedScenario(url, { tutors: 4, tasks: 400, overlap: 3 });
    server = new ServerProcess(url, await freePort());
    await server.start();
    const crew = startCrew(server.url, scenario);
    while (crew.acks.length < 40) await new Promise((r) => setTimeout(r, 50));
    crew.abandon();
    await crew.done;

    const filler = fillDisk(disk.dir);
    const tutor = scenario.tutors[0];
    const headers = { authorization: `Bearer ${tutor.token}`, 'content-type': 'application/json' };
    const seen: number[] = [];
    const acks: Ack[] = [...crew.acks];
    let refusal: { body: string; retryAfter: string | null } | null = null;
    const fullAt = Date.now();
    // Tutors keep going: every write now fails for want of space, until one gets its 507.
    for (let i = 0; i < 400 && !refusal; i++) {
      const next = await fetch(`${server.url}/api/projects/${scenario.projectId}/next`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
      });
      seen.push(next.status);
      if (next.status === 507) refusal = { body: await next.text(), retryAfter: next.headers.get('retry-after') };
      if (next.status !== 200) continue;
      const lease = (await next.json()) as { assignment: { id: number }; task: { id: number } };
      const body = { response: { choice: 'a', strength: 1 }, durationMs: 10 };
      const sub = await fetch(`${server.url}/api/assignments/${lease.assignment.id}/submit`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      seen.push(sub.status);
      if (sub.status === 507) refusal = { body: await sub.text(), retryAfter: sub.headers.get('retry-after') };
      if (sub.status === 201)
        acks.push({
          userId: tutor.id,
          taskId: lease.task.id,
          annotationId: ((await sub.json()) as { annotationId: number }).annotationId,
          assignmentId: lease.assignment.id,
          body,
          status: 201,
        });
    }
    expect(refusal, `statuses: ${seen.join(',')}`).not.toBeNull();
    expect(seen.filter((s) => s >= 500 && s !== 507)).toEqual([]);
    expect(JSON.parse(refusal!.body).error).toMatchObject({ code: 'insufficient_storage', message: expect.stringMatching(/disk is full/) });
    expect(Number(refusal!.retryAfter)).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).toMatch(/database disk full/);

    // Space comes back: the same server takes writes again.
    rmSync(filler);
    const freedAt = Date.now();
    let recoveredAt: number | null = null;
    for (let i = 0; i < 100 && recoveredAt === null; i++) {
      const next = await fetch(`${server.url}/api/projects/${scenario.projectId}/next`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
      });
      if (next.status !== 200) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const lease = (await next.json()) as { assignment: { id: number }; task: { id: number } };
      const body = { response: { choice: 'b', strength: 2 }, durationMs: 10 };
      const sub = await fetch(`${server.url}/api/assignments/${lease.assignment.id}/submit`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (sub.status === 201) {
        recoveredAt = Date.now();
        acks.push({
          userId: tutor.id,
          taskId: lease.task.id,
          annotationId: ((await sub.json()) as { annotationId: number }).annotationId,
          assignmentId: lease.assignment.id,
          body,
          status: 201,
        });
      }
    }
    expect(recoveredAt).not.toBeNull();
    expect(server.running).toBe(true);
    const stopped = await server.kill('SIGTERM');
    expect(stopped.code).toBe(0);

    const raw = new SQLite(file, { readonly: true });
    const integrity = raw.pragma('integrity_check', { simple: true });
    raw.close();
    expect(integrity).toBe('ok');
    const after = await soundness(url, scenario.projectId, scenario.overlap, acks);
    expect(after.lost).toBe(0);
    expect(after.duplicated).toBe(0);
    expect(after.counterDrift).toBe(0);
    expect(after.rollupDrift).toBe(0);
    recordFigures('diskFull', 'sqlite', {
      filesystem: 'tmpfs 24 MB',
      acknowledged: after.acknowledged,
      lost: after.lost,
      duplicated: after.duplicated,
      answersUntil507: seen.length,
      first507AfterMs: Date.now() - fullAt,
      writesBackAfterSpaceFreedMs: recoveredAt! - freedAt,
      integrityCheck: integrity,
    });
  });

  it('a server started on a read-only database path says so in one line and exits 1', async () => {
    const url = `sqlite:${join(disk.dir, 'readonly.db')}`;
    const first = new ServerProcess(url, await freePort());
    await first.start();
    expect((await first.kill('SIGTERM')).code).toBe(0);
    await disk.readOnly();
    for (const db of [url, `sqlite:${join(disk.dir, 'new-folder', 'x.db')}`]) {
      const r = await serveOnce(['--db', db, '--port', String(await freePort())]);
      expect(r.code, r.output).toBe(1);
      const lines = r.output.trim().split('\n');
      expect(lines, r.output).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: cannot write the database .*: make the file and its folder writable/);
    }
  });
});

describe('a server started against an unreachable PostgreSQL', () => {
  beforeAll(() => buildCli());
  it('says so in one line and exits 1', async () => {
    const r = await serveOnce(['--db', `postgres://postgres@127.0.0.1:${await freePort()}/nothing`, '--port', String(await freePort())]);
    expect(r.code, r.output).toBe(1);
    expect(r.output.trim().split('\n'), r.output).toHaveLength(1);
    expect(r.output).toMatch(/^error: cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/nothing \(ECONNREFUSED\): start it/);
  });
});

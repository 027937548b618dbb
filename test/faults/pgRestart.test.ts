/**
 * PostgreSQL restart and outage (issue 12, item 11), on a private cluster: tutors at work while the
 * database is restarted (`pg_ctl restart -m fast`) and then stopped for a few seconds. The server
 * must stay up and recover by itself; while the database is away callers get clean 503s with
 * `retry-after` (no resets, no hangs); retried submits get their original answers; nothing
 * acknowledged is lost or duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase as createDatabase } from '../support/databases.js';
import { expectRetriedSubmitsReplay, recordFigures, soundness } from './support/checks.js';
import { postgresBin, PrivateCluster } from './support/cluster.js';
import { firstOkAfter, startProbe } from './support/probe.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';
import { seedScenario } from './support/setup.js';
import { startCrew, statusesOf } from './support/tutors.js';

const OUTAGE_MS = 3000;

describe.skipIf(!postgresBin())('PostgreSQL restarts under a running server', () => {
  let cluster: PrivateCluster;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    buildCli();
    cluster = await PrivateCluster.start();
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it('rides out a restart and an outage: 503 with retry-after meanwhile, recovery by itself, nothing lost', async () => {
    const url = await createDatabase(cluster.url, 'faults_restart');
    const scenario = await seedScenario(url, { tutors: 8, tasks: 1500, overlap: 3 });
    server = new ServerProcess(url, await freePort());
    await server.start();
    const crew = startCrew(server.url, scenario);
    const ready = startProbe(`${server.url}/readyz`);
    const tutorView = startProbe(`${server.url}/api/me`, { authorization: `Bearer ${scenario.tutors[0].token}` });
    const waitForAcks = async (n: number) => {
      const target = crew.acks.length + n;
      const until = Date.now() + 20_000;
      while (crew.acks.length < target && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    };

    await waitForAcks(40);
    const restartAt = Date.now();
    await cluster.restart();
    const restartDoneAt = Date.now();
    await waitForAcks(40);
    const ackedAfterRestart = crew.acks.length;

    const outageAt = Date.now();
    await cluster.stopServer();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const startAt = Date.now();
    await cluster.startServer();
    const startedAt = Date.now();
    await waitForAcks(40);
    crew.abandon();
    await crew.done;
    await ready.stop();
    await tutorView.stop();

    // The server never went away: every probe got an HTTP answer, none hung.
    expect(server.running).toBe(true);
    const all = [...ready.samples, ...tutorView.samples];
    expect(all.filter((s) => s.status === 'network')).toEqual([]);
    expect(Math.max(...all.map((s) => s.ms))).toBeLessThan(6000);
    // While it was down: clean 503s that say when to come back, both for the probe and for the API.
    for (const probe of [ready, tutorView]) {
      const down = probe.samples.filter((s) => s.at > outageAt + 500 && s.at + s.ms < startAt);
      expect(down.length).toBeGreaterThan(0);
      for (const s of down) {
        expect(s.status).toBe(503);
        expect(Number(s.retryAfter)).toBeGreaterThan(0);
      }
    }
    expect(statusesOf(crew.meter).submit?.network ?? 0).toBe(0);
    expect(crew.failures).toEqual([]);
    expect(crew.acks.length).toBeGreaterThan(ackedAfterRestart);

    // Retried submits (no key at all) answer with their original annotations.
    await expectRetriedSubmitsReplay(server.url, scenario, crew.acks);

    const after = await soundness(url, scenario.projectId, scenario.overlap, crew.acks);
    expect(after.lost).toBe(0);
    expect(after.duplicated).toBe(0);
    expect(after.overfullTasks).toBe(0);
    expect(after.counterDrift).toBe(0);
    expect(after.rollupDrift).toBe(0);
    expect(after.storedAnnotations).toBe(after.acknowledged);

    const statuses = statusesOf(crew.meter);
    const recoveryAfterRestartMs = firstOkAfter(ready.samples, restartDoneAt);
    const recoveryAfterStartMs = firstOkAfter(ready.samples, startedAt);
    expect(recoveryAfterRestartMs).not.toBeNull();
    expect(recoveryAfterStartMs).not.toBeNull();
    recordFigures('postgresRestart', 'postgres', {
      tutors: scenario.tutors.length,
      acknowledged: after.acknowledged,
      lost: after.lost,
      duplicated: after.duplicated,
      retriedSubmitsReplayed: crew.acks.filter((a) => a.status === 200).length,
      answers503: (statuses.submit?.['503'] ?? 0) + (statuses.next?.['503'] ?? 0),
      answersWithoutHttpStatus: all.filter((s) => s.status === 'network').length,
      pgCtlRestartMs: restartDoneAt - restartAt,
      readyAfterRestartMs: recoveryAfterRestartMs,
      outageMs: startAt - outageAt,
      readyAfterDatabaseStartMs: recoveryAfterStartMs,
      slowestProbeMs: Math.max(...all.map((s) => s.ms)),
    });
  });
});

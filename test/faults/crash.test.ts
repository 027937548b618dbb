/**
 * Crash (issue 12, fault suite): tutors at work while the server is killed with SIGKILL several
 * times and restarted. Afterwards every acknowledged submission is stored once, no task is over
 * its overlap, no tutor judged a task twice, the counters equal the rows, retried submits get
 * their original answers, and the leases held at the last crash come back after they expire,
 * without anyone asking for work (the server's expiry timer, `--expiry-interval 1`).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { ageLeases, expectRetriedSubmitsReplay, heldLeases, recordFigures, soundness } from './support/checks.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';
import { seedScenario } from './support/setup.js';
import { startCrew, statusesOf } from './support/tutors.js';

const KILLS = 4;
/** Acknowledged submits between two kills (or at most PROGRESS_WAIT_MS: a loaded machine is slow, not broken). */
const PROGRESS = 25;
const PROGRESS_WAIT_MS = 10_000;
const LEASE_SECONDS = 30;
/** The leases left held at the last crash are aged to expire this soon (instead of waiting out the 30 s lease). */
const EXPIRE_AFTER_CRASH_MS = 3000;

beforeAll(() => buildCli());

describe.each(testDatabases())('SIGKILL under load on $name', ({ name, freshUrl }) => {
  let server: ServerProcess | undefined;
  afterEach(async () => server?.stop());

  it(`${KILLS + 1} kills and restarts lose and duplicate nothing; held leases come back by themselves`, async () => {
    const url = await freshUrl();
    const scenario = await seedScenario(url, { tutors: 12, tasks: 1500, overlap: 3, leaseSeconds: LEASE_SECONDS });
    server = new ServerProcess(url, await freePort(), ['--expiry-interval', '1']);
    await server.start();
    // Eleven tutors work; the twelfth takes one lease just before the last crash and walks away with it, so a
    // lease is held at that crash whatever the others happen to be doing (all mid-submit is possible).
    const [walker, ...workers] = scenario.tutors;
    const crew = startCrew(server.url, scenario, workers);
    const recoveryMs: number[] = [];
    const acksAtKill: number[] = [];
    const progress = async () => {
      const target = crew.acks.length + PROGRESS;
      const until = Date.now() + PROGRESS_WAIT_MS;
      while (crew.acks.length < target && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    };

    const killAndRestart = async () => {
      acksAtKill.push(crew.acks.length);
      await server!.kill('SIGKILL');
      const t0 = Date.now();
      await server!.start();
      recoveryMs.push(Date.now() - t0);
    };
    for (let k = 0; k < KILLS; k++) {
      await progress();
      await killAndRestart();
    }
    // The last crash: the tutors walk away, so whatever they held is held by nobody.
    await progress();
    crew.abandon();
    const walked = await fetch(`${server.url}/api/projects/${scenario.projectId}/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${walker.token}` },
    });
    expect(walked.status).toBe(200);
    acksAtKill.push(crew.acks.length);
    await server.kill('SIGKILL');
    const held = await heldLeases(url);
    await server.start();
    await crew.done;
    // Calls in flight at the crash were retried and answered (a retried `next` may have leased anew);
    // whatever is held now, nobody will ever submit.
    const left = await heldLeases(url);
    const agedAt = Date.now();
    await ageLeases(url, left, agedAt + EXPIRE_AFTER_CRASH_MS);
    // Work went on between every two kills: each stretch acknowledged something.
    for (let k = 1; k < acksAtKill.length; k++)
      expect(acksAtKill[k], `acks at each kill: ${acksAtKill}`).toBeGreaterThan(acksAtKill[k - 1]);
    expect(left.length).toBeGreaterThan(0);
    expect(held.length, JSON.stringify({ acksAtKill, recoveryMs, statuses: statusesOf(crew.meter) })).toBeGreaterThan(0);

    // Retrying an acknowledged submit, with no key at all, answers with its original annotation.
    await expectRetriedSubmitsReplay(server.url, scenario, crew.acks);

    // Nobody calls next now: the server's own timer must expire what the crash left held.
    let after = await soundness(url, scenario.projectId, scenario.overlap, crew.acks);
    const deadline = agedAt + EXPIRE_AFTER_CRASH_MS + 20_000;
    while (after.leasedNow > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      after = await soundness(url, scenario.projectId, scenario.overlap, crew.acks);
    }
    const leasesBackMs = Date.now() - agedAt;
    expect(crew.failures).toEqual([]);
    expect(after.leasedNow).toBe(0);
    expect(after.lost).toBe(0);
    expect(after.duplicated).toBe(0);
    expect(after.overfullTasks).toBe(0);
    expect(after.counterDrift).toBe(0);
    expect(after.rollupDrift).toBe(0);
    expect(after.storedAnnotations).toBe(after.acknowledged);
    expect(after.acknowledged).toBeGreaterThan(100);

    const statuses = statusesOf(crew.meter);
    recordFigures('crash', name, {
      kills: KILLS + 1,
      tutors: scenario.tutors.length,
      acknowledged: after.acknowledged,
      lost: after.lost,
      duplicated: after.duplicated,
      overfullTasks: after.overfullTasks,
      counterDrift: after.counterDrift,
      retriedSubmitsReplayed: crew.acks.filter((a) => a.status === 200).length,
      noAnswerAttempts: (statuses.submit?.network ?? 0) + (statuses.next?.network ?? 0),
      restartToReadyMs: { max: Math.max(...recoveryMs), mean: Math.round(recoveryMs.reduce((a, b) => a + b, 0) / recoveryMs.length) },
      leasesHeldAtLastCrash: held.length,
      leasesLeftByTutorsWhoWalkedAway: left.length,
      leasesBackAfterAgingMs: leasesBackMs,
      leasesAgedToExpireInMs: EXPIRE_AFTER_CRASH_MS,
    });
  });
});

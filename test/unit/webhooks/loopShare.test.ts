import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LoopShare } from '../../../src/services/webhooks/loopShare.js';

/** Keeps the event loop busy (as tutors' requests would) for `ms`. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('LoopShare', () => {
  it('rests in proportion to its work while the loop is busy, and not at all when it is idle', async () => {
    const rests: number[] = [];
    const share = new LoopShare(0.1, async (ms) => void rests.push(ms));

    spin(80);
    await share.rest(5);
    expect(rests).toEqual([45]); // 5 ms of work may take a tenth of the loop: rest nine times as long

    await sleep(80);
    await share.rest(5);
    expect(rests).toEqual([45]); // idle: a backlog drains at full speed

    spin(80);
    await share.rest(10_000);
    expect(rests).toEqual([45, 5_000]); // never parks the worker for long
  });
});

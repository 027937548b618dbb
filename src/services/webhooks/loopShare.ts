/**
 * Keeps background work (webhook delivery) from taking tutors' event loop. The worker reports how long
 * each round of its own work took; when the loop was busy since the last round (tutors' requests are
 * being served), it rests long enough that its share of the loop stays under `share`. On an idle loop
 * it does not rest, so a backlog drains at full speed when nobody is working.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Above this utilisation of the event loop since the last round, the loop counts as busy. */
const BUSY_LOOP = 0.5;

export class LoopShare {
  private last = performance.eventLoopUtilization();

  constructor(
    private readonly share: number,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /** After a round whose own work took `workMs`: rest if the loop is busy, else just let queued callbacks run. */
  async rest(workMs: number): Promise<void> {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, this.last).utilization >= BUSY_LOOP;
    this.last = now;
    if (busy) await this.wait(Math.min(workMs * (1 / this.share - 1), 5_000));
    else await new Promise((r) => setImmediate(r));
  }
}

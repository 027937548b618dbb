/**
 * What the simulator needs from the platform, and nothing more: set a project up, ask for a
 * tutor's next task, submit a judgment, and (for a platform whose routing cannot stop items itself)
 * stop an item. `inProcess.ts` implements it over the real services on a temp SQLite store with
 * a virtual clock, with routing's own adaptive overlap; `--url` drives a server in real time
 * (`realtime.ts`).
 */
import type { Scenario } from './scenario.js';
import type { World } from './crowd.js';

export interface Offer {
  assignmentId: number | string;
  /** The world task's externalId (the platform maps its task id back to it). */
  simId: string;
  /** Platform task id. */
  taskId: number | string;
  /** Lease expiry, ms. */
  expiresAt: number;
}

export type SubmitOutcome = 'ok' | 'conflict';

export interface SimPlatform {
  /** Creates the project, the tutors and imports the world's tasks. `now` is virtual time 0. */
  setup(scenario: Scenario, world: World, now: number): Promise<void>;
  /** The next task for tutor `tutor` (index into world.tutors), or null when none is left for them. */
  next(tutor: number, now: number): Promise<Offer | null>;
  submit(tutor: number, offer: Offer, response: unknown, durationMs: number, now: number): Promise<SubmitOutcome>;
  /** Give a leased task back unjudged (a tutor probing for work who is offered only gold). */
  skip(tutor: number, offer: Offer, now: number): Promise<void>;
  /**
   * Stop routing an item (adaptive overlap reached its target). Optional: returns a note saying
   * how it was done, or is absent when the platform cannot.
   */
  closeTask?(offer: Offer, now: number): Promise<void>;
  /** Change the project's overlap k (adaptive rounds), then keep the given items closed. */
  setOverlap?(overlap: number, closedTaskIds: readonly (number | string)[], now: number): Promise<void>;
  /** How adaptive overlap is done, for the result's notes. */
  readonly adaptiveNote?: string;
  /**
   * True when the platform's own routing does adaptive overlap (the project's
   * `quality.adaptiveOverlap`): the engine then neither closes items nor raises rounds.
   */
  readonly nativeAdaptive?: boolean;
  /** True when the platform's routing runs the project's cascade (`project.cascade`). */
  readonly nativeCascade?: boolean;
  close(): Promise<void>;
}

/** The task line a world task is imported as (JSONL envelope + payload), truth hidden unless gold. */
export function taskLine(task: World['tasks'][number]): Record<string, unknown> {
  const meta = { sim: task.externalId };
  const base = { id: task.externalId, type: task.type, domain: task.domain };
  const gold = task.isGold
    ? task.type === 'preference'
      ? { choice: task.classes[task.truth] }
      : { labels: [task.classes[task.truth]] }
    : undefined;
  if (task.type === 'preference') {
    return {
      ...base,
      prompt: `Simulated ${task.domain} prompt ${task.externalId}`,
      responses: [
        { id: 'a', text: `Response A to ${task.externalId}` },
        { id: 'b', text: `Response B to ${task.externalId}` },
      ],
      ...(gold ? { gold } : {}),
      meta,
    };
  }
  return { ...base, text: `Simulated ${task.domain} item ${task.externalId}`, ...(gold ? { gold } : {}), meta };
}

/** The response a tutor submits for class index `label`. */
export function responseFor(task: World['tasks'][number], label: number): Record<string, unknown> {
  return task.type === 'preference' ? { choice: task.classes[label], strength: 2 } : { labels: [task.classes[label]] };
}

/**
 * Tutors at work over HTTP, through the simulator's client: lease, answer, submit, again. Calls
 * are retried as the client retries them (no answer or 503, one Idempotency-Key per submit), so
 * a server killed and restarted, or a database restarting, is ridden out the way a real client
 * would. Every acknowledged submit (200/201 with an annotation id) is recorded for the checks.
 */
import { HttpApiError, HttpClient } from '../../../src/simulator/httpClient.js';
import { LoadMeter } from '../../../src/simulator/load.js';
import type { Scenario } from './setup.js';

export interface Ack {
  userId: number;
  /** The id the tutor was shown (`tutorTaskId`), not the task's row id. */
  taskId: number;
  annotationId: number;
  assignmentId: number;
  /** The body that was acknowledged, to send again as a retry. */
  body: { response: { choice: string; strength: number }; durationMs: number };
  status: number;
}

export interface Crew {
  acks: Ack[];
  meter: LoadMeter;
  /** Answers that were neither success nor a retried 503/no-answer: must stay empty. */
  failures: string[];
  /** Stop after the current call: whatever lease a tutor holds is left held. */
  abandon(): void;
  /** Resolves when every tutor has stopped (nothing left, or abandoned). */
  done: Promise<void>;
}

export function startCrew(url: string, scenario: Scenario, tutors = scenario.tutors): Crew {
  const meter = new LoadMeter();
  meter.phase = 'work';
  const client = new HttpClient(url, meter, 15_000);
  const acks: Ack[] = [];
  const failures: string[] = [];
  let abandoned = false;

  async function work(tutor: { id: number; token: string }): Promise<void> {
    const auth = { bearer: tutor.token };
    for (let n = 0; !abandoned; n++) {
      try {
        const next = await client.call('next', 'POST', `/api/projects/${scenario.projectId}/next`, { auth, ok: [200, 204], retry: 'safe' });
        if (next.status === 204 || abandoned) return;
        const lease = next.body as { assignment: { id: number }; task: { id: number } };
        const body = { response: { choice: (tutor.id + n) % 2 ? 'a' : 'b', strength: 1 + (n % 3) }, durationMs: 1000 + n };
        const sub = await client.call('submit', 'POST', `/api/assignments/${lease.assignment.id}/submit`, {
          auth,
          json: body,
          ok: [200, 201],
          retry: 'idempotent',
        });
        const annotationId = (sub.body as { annotationId: number }).annotationId;
        acks.push({ userId: tutor.id, taskId: lease.task.id, annotationId, assignmentId: lease.assignment.id, body, status: sub.status });
      } catch (e) {
        failures.push(e instanceof HttpApiError ? e.message : String(e));
        if (failures.length > 50) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  const done = Promise.all(tutors.map(work)).then(() => undefined);
  const abandon = () => {
    abandoned = true;
  };
  return { acks, meter, failures, abandon, done };
}

/** Status counts per operation, as the meter saw every attempt (retries included). */
export function statusesOf(meter: LoadMeter): Record<string, Record<string, number>> {
  return meter.report({ concurrency: 0, wallMs: 1, cycles: 0, setupMs: 0 }).statuses;
}

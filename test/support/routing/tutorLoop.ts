/** A simulated tutor: lease, maybe skip, submit, until nothing is left. Records every acknowledged submission. */
import { nextAssignment, skipAssignment, submitAndNext, submitAnnotation } from '../../../src/services/index.js';
import type { Actor, ServiceContext } from '../../../src/services/context.js';

export interface Ack {
  userId: number;
  taskId: number;
  annotationId: number;
}

export interface LoopStats {
  acks: Ack[];
  skips: number;
  conflicts: number;
}

/**
 * Deterministic per-tutor choices: skip every `skipEvery`-th task, answer a/b by parity. `combined`:
 * submit with submit-and-next and take the next lease from its answer instead of calling next.
 */
export async function tutorLoop(ctx: ServiceContext, actor: Actor, projectId: number, skipEvery = 7, combined = false): Promise<LoopStats> {
  const out: LoopStats = { acks: [], skips: 0, conflicts: 0 };
  let next = await nextAssignment(ctx, actor, projectId);
  for (let n = 1; ; n++) {
    if (!next) return out;
    if ((n + actor.id) % skipEvery === 0) {
      await skipAssignment(ctx, actor, next.assignment.id);
      out.skips++;
      next = await nextAssignment(ctx, actor, projectId);
      continue;
    }
    const body = { response: { choice: (actor.id + next.task.id) % 2 ? 'a' : 'b' }, durationMs: 500 + n };
    if (combined) {
      const r = await submitAndNext(ctx, actor, next.assignment.id, body);
      if (r.nextError) throw new Error(`submit-and-next: ${r.nextError.status} ${r.nextError.error}`);
      out.acks.push({ userId: actor.id, taskId: next.task.id, annotationId: r.annotationId });
      next = r.next;
    } else {
      const { annotationId } = await submitAnnotation(ctx, actor, next.assignment.id, body);
      out.acks.push({ userId: actor.id, taskId: next.task.id, annotationId });
      next = await nextAssignment(ctx, actor, projectId);
    }
  }
}

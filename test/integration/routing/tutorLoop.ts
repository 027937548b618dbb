/** A simulated tutor: lease, maybe skip, submit, until nothing is left. Records every acknowledged submission. */
import { nextAssignment, skipAssignment, submitAnnotation } from '../../../src/services/index.js';
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

/** Deterministic per-tutor choices: skip every `skipEvery`-th task, answer a/b by parity. */
export async function tutorLoop(ctx: ServiceContext, actor: Actor, projectId: number, skipEvery = 7): Promise<LoopStats> {
  const out: LoopStats = { acks: [], skips: 0, conflicts: 0 };
  for (let n = 1; ; n++) {
    const next = await nextAssignment(ctx, actor, projectId);
    if (!next) return out;
    if ((n + actor.id) % skipEvery === 0) {
      await skipAssignment(ctx, actor, next.assignment.id);
      out.skips++;
      continue;
    }
    const { annotationId } = await submitAnnotation(ctx, actor, next.assignment.id, {
      response: { choice: (actor.id + next.task.id) % 2 ? 'a' : 'b' },
      durationMs: 500 + n,
    });
    out.acks.push({ userId: actor.id, taskId: next.task.id, annotationId });
  }
}

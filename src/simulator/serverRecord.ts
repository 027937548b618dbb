/**
 * The judgments of a `simulate --url` run as the server recorded them: the annotations export (its
 * lines attributed to simulated tutors by the accounting) plus the acknowledged gold answers, which
 * are never exported; and the cost checkpoints along them, as the in-process engine reports them.
 */
import { workCost } from '../economics/cost.js';
import type { World } from './crowd.js';
import { type Ack, type ExportLine, labelOf } from './http.js';
import type { Checkpoint, SimJudgment } from './results.js';

export interface ServerRecordInput {
  world: World;
  /** World task index by external id. */
  byId: Map<string, number>;
  exported: ExportLine[];
  /** Per export line: the simulated tutor (-1 when unattributed) and the acknowledgement it matched (-1: none). */
  lineTutor: ArrayLike<number>;
  lineAck: ArrayLike<number>;
  acks: Ack[];
  /** Wall clock when the run started; times are reported from it, multiplied by `scale` (the speedup). */
  startedAt: number;
  scale: number;
  projectPayPerTask: number | undefined;
}

export function judgmentsOnServer(input: ServerRecordInput): SimJudgment[] {
  const { world, byId, exported, lineTutor, lineAck, acks, startedAt, scale } = input;
  const judgment = (task: number, t: number, label: number, durationMs: number, at: number): SimJudgment => ({
    task,
    tutor: t,
    label,
    durationMs,
    at: Math.max(0, (at - startedAt) * scale),
    costCents: workCost(
      { payModel: world.tutors[t].payModel, payRate: world.tutors[t].payRate },
      { kind: 'annotation', durationMs },
      { projectPayPerTask: input.projectPayPerTask },
    ),
  });
  const judgments: SimJudgment[] = [];
  exported.forEach((l, i) => {
    const ti = byId.get(l.taskId),
      t = lineTutor[i];
    if (ti === undefined || t < 0) return;
    const label = labelOf(l.response, world.tasks[ti].classes);
    if (label >= 0) judgments.push(judgment(ti, t, label, l.durationMs, lineAck[i] >= 0 ? acks[lineAck[i]].at : Date.parse(l.createdAt)));
  });
  for (const a of acks) {
    const ti = byId.get(a.taskId)!;
    if (world.tasks[ti].isGold) judgments.push(judgment(ti, a.tutor, labelOf(a.response, world.tasks[ti].classes), a.durationMs, a.at));
  }
  return judgments.sort((a, b) => a.at - b.at || a.task - b.task || a.tutor - b.tutor);
}

/** Cumulative cost every `every` judgments, and at the last one. */
export function costCheckpoints(judgments: SimJudgment[], every: number): Checkpoint[] {
  const checkpoints: Checkpoint[] = [];
  let cost = 0;
  judgments.forEach((j, i) => {
    cost += j.costCents;
    if ((i + 1) % every === 0 || i === judgments.length - 1)
      checkpoints.push({ judgments: i + 1, costCents: cost, hours: j.at / 3_600_000 });
  });
  return checkpoints;
}

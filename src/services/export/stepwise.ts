/**
 * `stepwise`: TRL's stepwise supervision format for process reward models, one line per steps task:
 * `{prompt, completions: [step…], labels: [bool…]}`. A step's label is its consensus verdict (a
 * reviewer's wins, else the majority): "incorrect" is false; "correct" and "neutral" (not wrong) are true.
 * The verdicts themselves stay in `meta.verdicts`.
 */
import type { Db } from '../../store/transaction.js';
import { stepsConsensus } from '../../quality/consensus/freeForm.js';
import { consensusMeta, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

export async function* stepwiseRows(db: Db, projectId: number): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as { prompt: string; steps: string[]; meta?: Record<string, unknown> };
    const verdicts = consensus
      ? (JSON.parse(consensus.label) as { verdicts: string[] }).verdicts
      : (stepsConsensus(annotations.map((a) => JSON.parse(a.response) as { verdicts: string[] })).label as { verdicts: string[] }).verdicts;
    yield {
      prompt: payload.prompt,
      completions: payload.steps,
      labels: payload.steps.map((_, i) => verdicts[i] !== 'incorrect'),
      meta: {
        taskId: task.externalId,
        domain: task.domain,
        annotators: annotations.length,
        verdicts,
        ...consensusMeta(consensus, 'majority'),
      },
      source_meta: sourceMeta(payload),
    };
  }
}

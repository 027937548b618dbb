/**
 * The consensus batch's reading: every current annotation of a project up to the batch's snapshot, and
 * each task's facts once, into compact per-domain labels (batchLabels.ts), a page at a time, the next
 * page and its tasks asked for before this one is added.
 * - A big project on a SQLite file: a worker thread reads and decodes the pages of annotations on its own
 *   read-only connection (readWorker.ts) while this thread adds the pages before to the labels. The
 *   tasks first seen in a page are read by whichever side is ahead: the worker when this thread found its
 *   last page waiting, this thread when it waited for it (a batch's first pages are mostly new tasks, its
 *   last ones none). On one thread a million-task batch read for ~7.8 s (4.3 s inside SQLite), the other
 *   core idle; with the worker reading both it waited for the worker two thirds of the time, with this
 *   thread reading every page's tasks the worker waited for it through the first third.
 * - Otherwise all here (PostgreSQL reads the next page and its tasks on other connections meanwhile;
 *   SQLite reads in turn on its one connection).
 * Either way a page is decoded by the same functions and added by the same `absorbPage` (batchPages.ts).
 */
import type { ProjectConfig } from '../../domain/projects.js';
import type { Store } from '../../store/database.js';
import { sqliteFileForWorkers } from '../../store/workerConnections.js';
import { batchAnnotationsPage, batchTasks } from '../../store/repositories/batchInputs.js';
import { askedWorker, workerBeside } from '../offload/workerBeside.js';
import { ProjectLabels } from './batchLabels.js';
import {
  absorbPage,
  AnnotationDecoder,
  BATCH_PAGE,
  type BatchReading,
  type DecodedAnnotations,
  decodeTasks,
  type ReadWorkerData,
} from './batchPages.js';

/** Pages the read worker is asked for ahead of the one being added. */
const PAGES_AHEAD = 3;
/** A wait for the worker's page longer than this means the worker is behind (a page ready is handed on at once). */
const WAITED_MS = 0.5;

/**
 * `inWorker`: read the annotations in a worker thread (a SQLite file only); `judged`: keep each real
 * task's judgments (for a cascade); `workerReadsTasks`: force who reads the pages' tasks (tests; by
 * default whichever side is ahead).
 */
export async function readBatchLabels(
  store: Store,
  projectId: number,
  config: ProjectConfig,
  upTo: number,
  options: { inWorker: boolean; judged: boolean; workerReadsTasks?: boolean },
): Promise<BatchReading> {
  const reading: BatchReading = {
    labels: new ProjectLabels(),
    labelsSeen: new Map(),
    annotations: 0,
    ...(options.judged ? { judged: new Map(), classesOf: new Map() } : {}),
  };
  const file = options.inWorker ? sqliteFileForWorkers(store) : null;
  const worker =
    file === null
      ? null
      : askedWorker<{ withTasks: boolean }, DecodedAnnotations>(
          workerBeside(import.meta.url, 'readWorker', {
            workerData: { file, projectId, upTo, config: { type: config.type, labels: config.labels } } satisfies ReadWorkerData,
          }),
          'consensus reading',
        );
  const pageAfter = (page: Promise<DecodedAnnotations>) =>
    page.then((p) => {
      const tasks = p.tasks
        ? Promise.resolve(p.tasks)
        : batchTasks(store, p.unseen, config.type === 'preference').then((read) => decodeTasks(config, p.unseen, read));
      // Awaited once this page's turn comes; a batch failing before then must not leave it unhandled.
      tasks.catch(() => undefined);
      return { page: p, tasks };
    });
  try {
    if (worker) {
      // A few pages asked for ahead, so that neither thread waits on the other's every page.
      const ahead = Array.from({ length: PAGES_AHEAD }, () => pageAfter(worker.ask({ withTasks: options.workerReadsTasks ?? false })));
      for (const p of ahead) p.catch(() => undefined);
      for (;;) {
        const waitedFrom = performance.now();
        const { page, tasks } = await ahead.shift()!;
        if (page.annotations === 0) break;
        const waited = performance.now() - waitedFrom > WAITED_MS;
        const next = pageAfter(worker.ask({ withTasks: options.workerReadsTasks ?? !waited }));
        next.catch(() => undefined);
        ahead.push(next);
        absorbPage(page, await tasks, reading);
      }
    } else {
      const decoder = new AnnotationDecoder(config.type);
      const read = async (after: number) => decoder.decode(await batchAnnotationsPage(store, projectId, after, upTo, BATCH_PAGE));
      for (let next = pageAfter(read(0)); ; ) {
        const { page, tasks } = await next;
        if (page.annotations === 0) break;
        next = pageAfter(read(page.lastId));
        next.catch(() => undefined);
        absorbPage(page, await tasks, reading);
      }
    }
  } finally {
    await worker?.close();
  }
  return reading;
}

/**
 * The consensus batch's read worker (readLabels.ts): on its own read-only connection to the SQLite file,
 * answers each question with the project's next page of annotations, decoded (batchPages.ts), and the
 * tasks first seen in it, read and decoded too when asked (else the batch's thread reads them); after
 * the last, empty pages.
 */
import { workerData } from 'node:worker_threads';
import { sqliteBatchReadsOf } from '../../store/repositories/batchInputs.js';
import { answerQuestions } from '../offload/workerBeside.js';
import { AnnotationDecoder, BATCH_PAGE, decodeTasks, type ReadWorkerData } from './batchPages.js';

// Not given a lower priority: the batch's thread waits for each page (as moveWorker.ts says of its moves).

const { file, projectId, upTo, config } = workerData as ReadWorkerData;
const reads = sqliteBatchReadsOf(file);
const decoder = new AnnotationDecoder(config.type);

let after = 0;
answerQuestions((q: { withTasks: boolean }) => {
  const page = decoder.decode(reads.annotationsPage(projectId, after, upTo, BATCH_PAGE));
  if (page.annotations > 0) after = page.lastId;
  if (q.withTasks) page.tasks = decodeTasks(config, page.unseen, reads.tasks(page.unseen, config.type === 'preference'));
  return page;
});

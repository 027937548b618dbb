/**
 * The consensus batch's move worker (firstMoves.ts): on its own read-only connection to the SQLite file,
 * forms the economics moves of the tasks a slice gives their first consensus (consensusBulk.ts).
 */
import { workerData } from 'node:worker_threads';
import { firstMovesReader } from '../../store/repositories/consensusBulk.js';
import { answerQuestions } from '../offload/workerBeside.js';

// Not given a lower priority: the batch's thread waits for these moves while it holds SQLite's writer,
// so a slower worker would hold tutors' submits back longer (as heavyReadWorker.ts says of the batch's lane).

answerQuestions(firstMovesReader((workerData as { file: string }).file));

/**
 * The consensus batch's move worker (firstMoves.ts): on its own read-only connection to the SQLite file,
 * forms the economics moves of the tasks a slice gives their first consensus (consensusBulk.ts).
 */
import { workerData } from 'node:worker_threads';
import { firstMovesReader } from '../../store/repositories/consensusBulk.js';
import { answerQuestions, yieldToTheServer } from '../offload/workerBeside.js';

// As the batch's own thread: tutors' requests first.
yieldToTheServer();

answerQuestions(firstMovesReader((workerData as { file: string }).file));

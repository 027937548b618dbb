/**
 * A worker thread whose entry sits beside the module that starts it: `<name>.js` in the esbuild bundle
 * (dist/cli, each an entry point of build:cli), or, from the TypeScript sources (tests, benches, tsx),
 * `<name>.boot.mjs`, which loads `<name>.ts` through tsx's API as bin/tutorloop.js loads the CLI.
 * Also what every such worker shares: its errors as plain messages, and giving way to the server's thread.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';
import { NotFoundError, UserInputError } from '../../domain/errors.js';

/** `moduleUrl`: the caller's `import.meta.url`. */
export function workerBeside(moduleUrl: string, name: string, options?: WorkerOptions): Worker {
  // From tsx the URL may carry a query (`?tsx-namespace=…` under tsImport), so look at the path only.
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts');
  return new Worker(new URL(fromSource ? `./${name}.boot.mjs` : `./${name}.js`, moduleUrl), options);
}

/** An error as a worker posts it (errors cross threads as plain messages). */
export interface WorkerError {
  name: string;
  message: string;
}

export function errorForParent(e: unknown): WorkerError {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message };
}

/**
 * A worker's error as the server maps it: bad input stays a 400 and a missing row a 404. Any other error
 * keeps its name, its message prefixed with `what` (the worker's name) when given.
 */
export function errorFromWorker(e: WorkerError, what?: string): Error {
  if (e.name === 'UserInputError') return new UserInputError(e.message);
  if (e.name === 'NotFoundError') return Object.assign(new NotFoundError(''), { message: e.message });
  return Object.assign(new Error(what ? `${what}: ${e.message}` : e.message), { name: e.name });
}

/**
 * Called inside a worker: lower this thread's scheduling priority (nice 10, Linux), so the server's own
 * thread — tutors' next and submit — comes first when both want a core, while the worker still takes
 * every core nothing else wants. Elsewhere (no /proc/thread-self) the worker keeps the default.
 */
export function yieldToTheServer(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread)) setPriority(thread, 10);
  } catch {
    // Not Linux: the same work at the same priority as the server.
  }
}

/** A question to a worker started by `askedWorker` and its answer, matched by id. */
type Answer<A> = { id: number; answer: A } | { id: number; error: WorkerError };

/**
 * A worker asked questions and answering each with one message (`answerQuestions` on its side), in any
 * order. A failed question rejects alone, as `errorFromWorker` maps its error (a typed error keeps its
 * type: a 400 or 404 stays one); the worker stopping or failing rejects every open question. `what`
 * names the worker in errors.
 */
export function askedWorker<Q, A>(worker: Worker, what: string) {
  const waiting = new Map<number, { resolve: (a: A) => void; reject: (e: Error) => void }>();
  let closing = false;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: Answer<A>) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if ('answer' in m) w.resolve(m.answer);
    else w.reject(errorFromWorker(m.error, what));
  });
  worker.on('error', (e) => failAll(new Error(`${what} worker: ${e.message}`)));
  worker.on('exit', (code) => {
    if (!closing) failAll(new Error(`the ${what} worker stopped (code ${code})`));
  });
  let nextId = 0;
  return {
    ask(question: Q): Promise<A> {
      return new Promise<A>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, question });
      });
    },
    async close(): Promise<void> {
      closing = true;
      await worker.terminate();
    },
  };
}

/**
 * Inside a worker started for `askedWorker`: answer each question with `answer` (its value, or what its
 * promise resolves to). A synchronous answer is given in the order asked; asynchronous ones as they end.
 */
export function answerQuestions<Q, A>(answer: (question: Q) => A | Promise<A>): void {
  parentPort!.on('message', async (m: { id: number; question: Q }) => {
    try {
      parentPort!.postMessage({ id: m.id, answer: await answer(m.question) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: errorForParent(e) });
    }
  });
}

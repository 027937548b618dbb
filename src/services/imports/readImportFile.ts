/**
 * Read an import's input and hand every non-blank line's outcome, in line order, to `accept`: in this
 * thread for small inputs, or with the parsing in worker threads (parseWorkers.ts) while this thread
 * inserts. Both paths use the same parser and give the same outcomes; only the thread differs.
 *
 * The input is read ahead until `minBytes`: if it ends before, it is parsed here (a worker's start-up
 * costs more than it saves). Otherwise the bytes are cut into batches of whole lines (after a newline
 * byte, which never occurs inside a UTF-8 character), at most `maxInFlight` batches are out at a time
 * (memory stays flat), and their outcomes are taken in order, numbered from the batches' line counts.
 *
 * Before either, every line is cut just past the per-line cap (`capLines`): a 100 MB line costs its
 * first megabyte of memory, and the parser refuses it by its length.
 */
import { splitLines } from './splitLines.js';
import { lineParser, type ParsedLine, type ParserSpec } from './parseLine.js';
import { forEachParsed, NOT_UTF8 } from './parsedBatch.js';
import { startParsePool } from './parseWorkers.js';

export type ImportInput = AsyncIterable<Buffer | string> | Iterable<Buffer | string> | NodeJS.ReadableStream;

export interface ParallelOptions {
  /** Parse workers (default 1: on a 2-core machine one worker plus the inserting thread is fastest); 0 parses in this thread. */
  workers?: number;
  /** Inputs shorter than this are parsed in this thread (default 4 MB). */
  minBytes?: number;
  /** Bytes per batch sent to a worker (default 64 KB: small batches die young in the worker's heap). */
  batchBytes?: number;
}

type Accept = (line: number, outcome: ParsedLine) => Promise<void> | void;
type OnBytes = (bytes: number, lines: number) => void;

const IN_FLIGHT_BYTES = 4 << 20;

const toBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

async function* chunksOf(input: ImportInput, maxLineBytes: number): AsyncGenerator<Buffer> {
  yield* capLines(input as AsyncIterable<Buffer | string>, maxLineBytes);
}

/** The input's bytes, with every line longer than `max` cut to its first `max + 1` bytes (still over, so refused). */
export async function* capLines(source: AsyncIterable<Buffer | string>, max: number): AsyncGenerator<Buffer> {
  let lineBytes = 0; // of the current line, passed on so far
  for await (const chunk of source) {
    const buf = toBuffer(chunk);
    let from = 0; // start of the bytes still to pass on
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      const end = nl === -1 ? buf.length : nl;
      if (lineBytes + (end - pos) > max + 1) {
        const keep = Math.max(0, max + 1 - lineBytes);
        if (pos + keep > from) yield buf.subarray(from, pos + keep);
        from = end;
        lineBytes = max + 1;
      } else lineBytes += end - pos;
      if (nl === -1) break;
      lineBytes = 0;
      pos = nl + 1;
    }
    if (from < buf.length) yield from === 0 ? buf : buf.subarray(from);
  }
}

async function* replay<T>(head: T[], rest: AsyncGenerator<T>): AsyncGenerator<T> {
  yield* head;
  yield* rest;
}

export async function readImportFile(
  input: ImportInput,
  spec: ParserSpec,
  options: ParallelOptions,
  accept: Accept,
  onBytes?: OnBytes,
): Promise<void> {
  const workers = options.workers ?? 1;
  const minBytes = options.minBytes ?? 4 * 1024 * 1024;
  const chunks = chunksOf(input, spec.limits.maxLineBytes);
  try {
    const head: Buffer[] = [];
    let size = 0;
    let ended = workers === 0;
    while (!ended && size < minBytes) {
      const next = await chunks.next();
      if (next.done) ended = true;
      else {
        head.push(next.value);
        size += next.value.length;
      }
    }
    const source = replay(head, chunks);
    if (ended) await parseHere(source, spec, accept, onBytes);
    else await parseInWorkers(source, spec, workers, options.batchBytes ?? 64 * 1024, accept, onBytes);
  } finally {
    await chunks.return(undefined);
  }
}

async function parseHere(source: AsyncIterable<Buffer | string>, spec: ParserSpec, accept: Accept, onBytes?: OnBytes) {
  const parse = lineParser(spec);
  for await (const line of splitLines(source, onBytes)) {
    if (line.text.trim() === '') continue;
    const pending = accept(line.number, line.validUtf8 ? parse(line.text) : NOT_UTF8);
    if (pending) await pending;
  }
}

async function parseInWorkers(
  source: AsyncIterable<Buffer | string>,
  spec: ParserSpec,
  workers: number,
  batchBytes: number,
  accept: Accept,
  onBytes?: OnBytes,
) {
  const pool = startParsePool(spec, workers);
  // Batches out at a time: enough to keep every worker busy, few enough that memory stays flat (~4 MB of input).
  const maxInFlight = Math.max(2 * workers + 1, Math.ceil(IN_FLIGHT_BYTES / batchBytes));
  const inFlight: { batch: ReturnType<typeof pool.parse>; bytes: number }[] = [];
  let firstLine = 1;
  let bytesDone = 0;
  const takeOldest = async () => {
    const { batch, bytes } = inFlight.shift()!;
    const parsed = await batch;
    await forEachParsed(parsed, firstLine, accept);
    firstLine += parsed.lines;
    bytesDone += bytes;
    onBytes?.(bytesDone, firstLine - 1);
  };
  const send = async (bytes: Uint8Array, final: boolean) => {
    const batch = pool.parse(bytes, final);
    batch.catch(() => undefined); // awaited in order by takeOldest; this only keeps a early failure from being "unhandled"
    inFlight.push({ batch, bytes: bytes.byteLength });
    while (inFlight.length > maxInFlight) await takeOldest();
  };
  try {
    let parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      const buf = toBuffer(chunk);
      parts.push(buf);
      size += buf.length;
      // Parts before this chunk hold no cut point yet, so only a chunk with a newline can complete a batch
      // (a line longer than a batch waits for its end without being copied again).
      if (size < batchBytes || buf.indexOf(10) === -1) continue;
      const all = parts.length === 1 ? buf : Buffer.concat(parts, size);
      let from = 0;
      for (let nl = all.indexOf(10, from + batchBytes - 1); nl !== -1; nl = all.indexOf(10, from + batchBytes - 1)) {
        await send(new Uint8Array(all.subarray(from, nl + 1)), false); // a copy: its own buffer, to transfer
        from = nl + 1;
      }
      // Keep a copy of the rest: the source may reuse the buffers it gave.
      parts = from < all.length ? [Buffer.from(all.subarray(from))] : [];
      size = all.length - from;
    }
    if (size > 0) await send(new Uint8Array(Buffer.concat(parts, size)), true);
    while (inFlight.length > 0) await takeOldest();
  } finally {
    await pool.close();
  }
}

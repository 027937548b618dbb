/**
 * The import's parse worker (see parseWorkers.ts): receives batches of whole lines as bytes, answers each
 * with its ParsedBatch, in order. The parser is the one the in-thread path uses, built from the same spec.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lineParser, type ParserSpec } from './parseLine.js';
import { isUtf8 } from 'node:buffer';
import { badUtf8Lines, parseBatch, transferables } from './parsedBatch.js';

export interface BatchRequest {
  seq: number;
  bytes: Uint8Array;
  final: boolean;
}

const port = parentPort!;
const parse = lineParser((workerData as { spec: ParserSpec }).spec);

port.on('message', ({ seq, bytes, final }: BatchRequest) => {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const batch = parseBatch(parse, buf.toString('utf8'), final, isUtf8(buf) ? null : badUtf8Lines(buf));
    port.postMessage({ seq, batch }, transferables(batch));
  } catch (e) {
    port.postMessage({ seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});

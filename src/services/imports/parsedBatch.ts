/**
 * A batch of import lines parsed in one go (in a worker thread), packed so it crosses threads cheaply:
 * the rows' strings concatenated into one string with their end offsets, numbers in typed arrays,
 * problems and left-out lines as they are. `forEachParsed` unpacks it line by line, in line order, into
 * the same outcomes the in-thread path gets from `lineParser`, so importTasks treats both alike.
 */
import { isUtf8 } from 'node:buffer';
import type { NewTask } from '../../store/repositories/tasks.js';
import type { ParsedLine } from './parseLine.js';

/** A line whose bytes are not UTF-8: refused as such, not parsed (it would decode to U+FFFD silently). */
export const NOT_UTF8: ParsedLine = { ok: false, problems: [{ message: 'not valid UTF-8' }] };

/** Indexes (0-based, in the batch) of the lines of `bytes` that are not valid UTF-8; call only when the whole batch is not. */
export function badUtf8Lines(bytes: Buffer): Set<number> {
  const bad = new Set<number>();
  let start = 0;
  for (let i = 0; start < bytes.length; i++) {
    let nl = bytes.indexOf(10, start);
    if (nl === -1) nl = bytes.length;
    if (!isUtf8(bytes.subarray(start, nl))) bad.add(i);
    start = nl + 1;
  }
  return bad;
}

const ROW = 0;
const PROBLEMS = 1;
const LEAVE_OUT = 2;

export interface ParsedBatch {
  /** Lines in the batch, blank ones included (the next batch starts at the line after). */
  lines: number;
  /** Per non-blank line: its 0-based index in the batch, and what it became (row, problems, left out). */
  index: Int32Array;
  kind: Uint8Array;
  /** Rows: external id, domain, payload, gold ('' when none) and content hash, concatenated. */
  text: string;
  /** Five end offsets into `text` per row. */
  ends: Int32Array;
  /** Per row: priority, and 1 if it has gold. */
  meta: Int32Array;
  /** One entry per line whose kind is PROBLEMS, in order. */
  problems: { field?: string; message: string }[][];
}

/**
 * Parse the lines of `text`. `final` says the text is the end of the input: its last line counts even
 * without a newline. Otherwise `text` ends with a newline (batches are cut after one).
 */
export function parseBatch(
  parse: (text: string) => ParsedLine,
  text: string,
  final: boolean,
  badUtf8: Set<number> | null = null,
): ParsedBatch {
  const index: number[] = [];
  const kind: number[] = [];
  const strings: string[] = [];
  const ends: number[] = [];
  const meta: number[] = [];
  const problems: ParsedBatch['problems'] = [];
  let offset = 0;
  let lines = 0;
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) {
      if (!final) throw new Error('a batch must end with a newline');
      nl = text.length;
    }
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const at = lines++;
    const first = start;
    start = nl + 1;
    // Blank lines are skipped; a line that starts with a non-space character is not blank.
    if (end === first || (text.charCodeAt(first) <= 32 && text.slice(first, end).trim() === '')) continue;
    const outcome = badUtf8?.has(at) ? NOT_UTF8 : parse(text.slice(first, end));
    index.push(at);
    if (outcome === 'leave-out') {
      kind.push(LEAVE_OUT);
    } else if (!outcome.ok) {
      kind.push(PROBLEMS);
      problems.push(outcome.problems);
    } else {
      kind.push(ROW);
      const t = outcome.task;
      const gold = t.gold ?? '';
      strings.push(t.externalId, t.domain, t.payload, gold, t.contentHash);
      ends.push(
        (offset += t.externalId.length),
        (offset += t.domain.length),
        (offset += t.payload.length),
        (offset += gold.length),
        (offset += t.contentHash.length),
      );
      meta.push(t.priority, t.gold === null ? 0 : 1);
    }
  }
  return {
    lines,
    index: new Int32Array(index),
    kind: new Uint8Array(kind),
    text: strings.join(''),
    ends: new Int32Array(ends),
    meta: new Int32Array(meta),
    problems,
  };
}

/** The typed arrays' buffers, to transfer rather than copy. */
export function transferables(b: ParsedBatch): ArrayBuffer[] {
  return [b.index.buffer, b.kind.buffer, b.ends.buffer, b.meta.buffer] as ArrayBuffer[];
}

/** Each non-blank line's number (`firstLine` + its index) and outcome, in order; a returned promise is awaited. */
export async function forEachParsed(
  b: ParsedBatch,
  firstLine: number,
  fn: (line: number, outcome: ParsedLine) => Promise<void> | void,
): Promise<void> {
  const { text, ends, meta } = b;
  let row = 0;
  let problem = 0;
  for (let i = 0; i < b.index.length; i++) {
    const line = firstLine + b.index[i];
    let outcome: ParsedLine;
    if (b.kind[i] === LEAVE_OUT) outcome = 'leave-out';
    else if (b.kind[i] === PROBLEMS) outcome = { ok: false, problems: b.problems[problem++] };
    else {
      const e = row * 5;
      const s = e === 0 ? 0 : ends[e - 1];
      const task: NewTask = {
        externalId: text.slice(s, ends[e]),
        domain: text.slice(ends[e], ends[e + 1]),
        payload: text.slice(ends[e + 1], ends[e + 2]),
        gold: meta[row * 2 + 1] === 1 ? text.slice(ends[e + 2], ends[e + 3]) : null,
        contentHash: text.slice(ends[e + 3], ends[e + 4]),
        priority: meta[row * 2],
      };
      row++;
      outcome = { ok: true, task };
    }
    const pending = fn(line, outcome);
    if (pending) await pending;
  }
}

/**
 * Split a byte stream into lines without holding more than one chunk and one partial line: memory
 * stays flat however large the file (readImportFile.ts cuts over-long lines before they get here).
 * Lines are cut on newline bytes, which never occur inside a UTF-8 character, and each line says
 * whether its bytes were valid UTF-8 (invalid bytes would otherwise decode silently to U+FFFD).
 */
import { isUtf8 } from 'node:buffer';

export interface Line {
  /** 1-based line number in the input. */
  number: number;
  text: string;
  validUtf8: boolean;
}

const toBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

function lineOf(data: Buffer, start: number, end: number, number: number): Line {
  const stop = end > start && data[end - 1] === 13 ? end - 1 : end;
  return { number, text: data.toString('utf8', start, stop), validUtf8: isUtf8(data.subarray(start, stop)) };
}

export async function* splitLines(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string> | NodeJS.ReadableStream,
  onBytes?: (bytes: number, lines: number) => void,
): AsyncGenerator<Line> {
  let pending: Buffer | null = null;
  let number = 0;
  let bytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string> | Iterable<Buffer | string>) {
    const buf = toBuffer(chunk);
    bytes += buf.length;
    const data: Buffer = pending ? Buffer.concat([pending, buf]) : buf;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      yield lineOf(data, start, nl, ++number);
      start = nl + 1;
    }
    // A copy of the rest: the source may reuse the buffers it gave.
    pending = start < data.length ? Buffer.from(data.subarray(start)) : null;
    onBytes?.(bytes, number);
  }
  if (pending) yield lineOf(pending, 0, pending.length, ++number);
  onBytes?.(bytes, number);
}

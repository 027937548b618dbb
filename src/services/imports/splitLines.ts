/**
 * Split a byte stream into lines without holding more than one chunk and one partial line:
 * memory stays flat however large the file.
 */
import { StringDecoder } from 'node:string_decoder';

export interface Line {
  /** 1-based line number in the input. */
  number: number;
  text: string;
}

export async function* splitLines(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string> | NodeJS.ReadableStream,
  onBytes?: (bytes: number, lines: number) => void,
): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  let bytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string> | Iterable<Buffer | string>) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
      number++;
      const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { number, text: pending.slice(start, end) };
      start = nl + 1;
    }
    pending = pending.slice(start);
    onBytes?.(bytes, number);
  }
  pending += decoder.end();
  if (pending.length > 0) {
    number++;
    yield { number, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
  }
  onBytes?.(bytes, number);
}

/**
 * The import's bytes as the parser reads them: gunzipped when they start with gzip's magic bytes
 * (whatever the file is called: an upload has no name), with the first `headBytes` read ahead so the
 * framing (JSON lines, a JSON array, CSV) and, for `--format auto`, the format can be told from them.
 * The head is replayed: nothing is read twice and memory stays flat.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserInputError } from '../../domain/errors.js';
import type { ImportInput } from './readImportFile.js';

export type Framing = 'jsonl' | 'json-array' | 'csv';

export interface OpenedInput {
  source: AsyncGenerator<Buffer>;
  /** The first bytes (after gunzip), and whether they are the whole input. */
  head: Buffer;
  complete: boolean;
  gzip: boolean;
}

const toBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

async function* buffers(input: ImportInput): AsyncGenerator<Buffer> {
  for await (const c of input as AsyncIterable<Buffer | string>) yield toBuffer(c);
}

/** `head`, then the rest; ended early (a refusal), it ends the rest too, which closes a file or stops a gunzip. */
async function* replay(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

async function* gunzip(raw: AsyncGenerator<Buffer>, file: string): AsyncGenerator<Buffer> {
  const source = Readable.from(raw);
  const inflate = createGunzip();
  // An error of the source (e.g. a 413 from the upload) reaches the reader as itself.
  source.on('error', (e) => inflate.destroy(e));
  source.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (e) {
    if (String((e as NodeJS.ErrnoException).code ?? '').startsWith('Z_'))
      throw new UserInputError(`${file} is not valid gzip: ${(e as Error).message}`, { file });
    throw e;
  } finally {
    source.destroy();
  }
}

/** Read until `want` bytes (or the end) are in hand; returns them and the iterator, positioned after them. */
async function readAhead(it: AsyncIterator<Buffer>, want: number): Promise<{ chunks: Buffer[]; size: number; ended: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < want) {
    const next = await it.next();
    if (next.done) return { chunks, size, ended: true };
    chunks.push(next.value);
    size += next.value.length;
  }
  return { chunks, size, ended: false };
}

export async function openInput(input: ImportInput, file: string, headBytes = 64 * 1024): Promise<OpenedInput> {
  const rawIt = buffers(input);
  const first = await readAhead(rawIt, 2);
  const start = Buffer.concat(first.chunks);
  const gzip = start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
  let stream = replay(first.chunks, rawIt);
  if (gzip) stream = gunzip(stream, file);
  const ahead = await readAhead(stream, headBytes);
  return { source: replay(ahead.chunks, stream), head: Buffer.concat(ahead.chunks, ahead.size), complete: ahead.ended, gzip };
}

/**
 * JSON lines start with `{`, a JSON array with `[` (unless its first line is a whole JSON value and
 * more lines follow: JSON lines that are arrays, refused line by line); anything else is CSV when CSV
 * is allowed.
 */
export function framingOf(head: Buffer, csvAllowed: boolean): Framing {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const first = text[0];
  if (first === '[') {
    const nl = text.indexOf('\n');
    if (nl === -1 || text.slice(nl + 1).trim() === '') return 'json-array';
    try {
      JSON.parse(text.slice(0, nl));
      return 'jsonl';
    } catch {
      return 'json-array';
    }
  }
  if (first === '{' || first === undefined || !csvAllowed) return 'jsonl';
  return 'csv';
}

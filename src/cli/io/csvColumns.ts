/**
 * A fast CSV reader for the quality commands (RFC 4180: quoted fields, "" escapes, CRLF, BOM).
 * It reads the whole file as bytes, scans it once, and interns the requested columns straight
 * into dense integer ids — no per-row objects — so a million rows parse in well under a second.
 * Values are hashed from their bytes, so only a value's first occurrence becomes a string.
 * Every problem is a UserInputError naming the file and line.
 */
import { readFileSync } from 'node:fs';
import { UserInputError } from '../../domain/errors.js';
import { ByteInterner } from './byteInterner.js';

export interface ColumnSpec {
  /** Header names that must be present. */
  columns: readonly string[];
  /** Per column, which dictionary it interns into (columns sharing a number share ids). */
  dictionary: readonly number[];
}

export interface InternedTable {
  /** Per requested column, one id per data row. */
  ids: Int32Array[];
  /** Per dictionary, the distinct values in first-seen order. */
  dictionaries: string[][];
  /** Per dictionary, the 1-based line where each value first appeared. */
  firstLines: number[][];
  /** Per data row, its 1-based line in the file. */
  rowLines: Int32Array;
  rowCount: number;
}

const COMMA = 44,
  NEWLINE = 10,
  CR = 13,
  QUOTE = 34;

interface QuotedField {
  value: string;
  /** Position just after the closing quote. */
  next: number;
  newlines: number;
}

/** Slow path for a quoted field starting at `pos` (on the opening quote). */
function readQuoted(buf: Buffer, pos: number, fail: (message: string) => never): QuotedField {
  let p = pos + 1,
    segment = p,
    value = '',
    newlines = 0;
  for (;;) {
    if (p >= buf.length) fail('unterminated quoted field');
    const b = buf[p];
    if (b === QUOTE) {
      if (buf[p + 1] !== QUOTE) break;
      value += buf.toString('latin1', segment, p + 1);
      p += 2;
      segment = p;
      continue;
    }
    if (b === NEWLINE) newlines++;
    p++;
  }
  value += buf.toString('latin1', segment, p);
  return { value, next: p + 1, newlines };
}

export function readInternedCsv(file: string, spec: ColumnSpec): InternedTable {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new UserInputError(`cannot read file: ${(err as Error).message}`, { file });
  }
  const len = buf.length;
  let pos = len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 1;
  const failAt = (at: number, message: string, field?: string): never => {
    throw new UserInputError(message, { file, line: at, field });
  };

  // Header: parsed field by field (it is one line, speed does not matter).
  while (pos < len && (buf[pos] === NEWLINE || buf[pos] === CR)) line += buf[pos++] === NEWLINE ? 1 : 0;
  if (pos >= len) failAt(1, `file is empty; expected a header line with columns ${spec.columns.join(',')}`);
  const headerLine = line;
  const header: string[] = [];
  for (;;) {
    if (buf[pos] === QUOTE) {
      const q = readQuoted(buf, pos, (m) => failAt(headerLine, m));
      header.push(q.value.trim());
      pos = q.next;
    } else {
      const s = pos;
      while (pos < len && buf[pos] !== COMMA && buf[pos] !== NEWLINE) pos++;
      header.push(buf.toString('utf8', s, pos > s && buf[pos - 1] === CR ? pos - 1 : pos).trim());
    }
    if (pos < len && buf[pos] === CR) pos++;
    if (pos >= len) break;
    if (buf[pos++] === NEWLINE) {
      line++;
      break;
    }
  }
  const headerCount = header.length;
  const positions = spec.columns.map((name) => header.indexOf(name));
  const missing = spec.columns.filter((_, c) => positions[c] < 0);
  if (missing.length > 0)
    failAt(
      headerLine,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header has: ${header.join(',')}; expected ${spec.columns.join(',')})`,
    );

  // For each field position in a record: which requested column it fills (-1: ignored).
  const slotOfField = new Int32Array(headerCount).fill(-1);
  positions.forEach((f, c) => (slotOfField[f] = c));
  const nDict = Math.max(...spec.dictionary) + 1;
  const dictInterners = Array.from({ length: nDict }, () => new ByteInterner());
  const interners = spec.columns.map((_, c) => dictInterners[spec.dictionary[c]]);
  // Exact row capacity from a native newline count (no regrowth of the id arrays).
  let capacity = 1;
  for (let at = buf.indexOf(NEWLINE, pos); at >= 0; at = buf.indexOf(NEWLINE, at + 1)) capacity++;
  let ids = spec.columns.map(() => new Int32Array(capacity));
  let rowLines = new Int32Array(capacity);
  let rows = 0;
  const prevStart = new Int32Array(spec.columns.length).fill(-1),
    prevLength = new Int32Array(spec.columns.length),
    prevId = new Int32Array(spec.columns.length);

  // One pass over the bytes with everything in locals: this loop is the reader's whole cost.
  while (pos < len) {
    const b0 = buf[pos];
    if (b0 === NEWLINE || b0 === CR) {
      if (b0 === NEWLINE) line++;
      pos++;
      continue;
    }
    if (rows === capacity) {
      capacity *= 2;
      ids = ids.map((old) => {
        const grown = new Int32Array(capacity);
        grown.set(old);
        return grown;
      });
      const grownLines = new Int32Array(capacity);
      grownLines.set(rowLines);
      rowLines = grownLines;
    }
    const recordLine = line;
    rowLines[rows] = recordLine;
    let field = 0;
    for (;;) {
      const slot = field < headerCount ? slotOfField[field] : -1;
      let atEnd: boolean;
      if (buf[pos] === QUOTE) {
        const q = readQuoted(buf, pos, (m) => failAt(recordLine, m));
        line += q.newlines;
        pos = q.next;
        if (pos < len && buf[pos] === CR) pos++;
        if (pos < len && buf[pos] !== COMMA && buf[pos] !== NEWLINE) failAt(recordLine, 'unexpected character after a closing quote');
        if (slot >= 0) {
          if (q.value === '') failAt(recordLine, `empty ${spec.columns[slot]}`, spec.columns[slot]);
          ids[slot][rows] = interners[slot].internString(q.value, recordLine);
          prevStart[slot] = -1;
        }
      } else {
        const s = pos;
        while (pos < len) {
          const b = buf[pos];
          if (b === COMMA || b === NEWLINE) break;
          pos++;
        }
        if (slot >= 0) {
          const e = pos > s && buf[pos - 1] === CR ? pos - 1 : pos;
          if (e === s) failAt(recordLine, `empty ${spec.columns[slot]}`, spec.columns[slot]);
          // Same bytes as this column's previous row (task-sorted files): reuse the id, skip the hash.
          const ps = prevStart[slot],
            plen = e - s;
          let id = -1;
          if (ps >= 0 && prevLength[slot] === plen) {
            let k = 0;
            while (k < plen && buf[ps + k] === buf[s + k]) k++;
            if (k === plen) id = prevId[slot];
          }
          if (id < 0) id = interners[slot].intern(buf, s, e, recordLine);
          ids[slot][rows] = id;
          (prevStart[slot] = s), (prevLength[slot] = plen), (prevId[slot] = id);
        }
      }
      field++;
      atEnd = pos >= len || buf[pos] === NEWLINE;
      if (atEnd) {
        if (pos < len) pos++, line++;
        break;
      }
      pos++; // the comma
    }
    if (field !== headerCount) failAt(recordLine, `expected ${headerCount} fields, found ${field}`);
    rows++;
  }
  const dictionaries = dictInterners.map((d) => d.names);
  const firstLines = dictInterners.map((d) => d.firstLines);
  if (rows === 0) failAt(line, 'no data rows after the header');
  // Keys were latin1 (one char per byte); turn them back into the UTF-8 text they encode.
  const utf8 = dictionaries.map((names) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is "any byte outside ASCII", control characters included
    names.map((name) => (/[^\x00-\x7f]/.test(name) ? Buffer.from(name, 'latin1').toString('utf8') : name)),
  );
  return { ids: ids.map((a) => a.subarray(0, rows)), dictionaries: utf8, firstLines, rowLines: rowLines.subarray(0, rows), rowCount: rows };
}

/** Parses every value of a dictionary as a finite number, naming the first line of a bad one. */
export function numericDictionary(file: string, table: InternedTable, dictionary: number, column: string): Float64Array {
  const names = table.dictionaries[dictionary];
  const values = new Float64Array(names.length);
  names.forEach((name, i) => {
    const v = Number(name.trim());
    if (name.trim() === '' || !Number.isFinite(v)) {
      throw new UserInputError(`${column} must be a number, got "${name}"`, { file, line: table.firstLines[dictionary][i], field: column });
    }
    values[i] = v;
  });
  return values;
}

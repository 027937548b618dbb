/**
 * A JSON array read a record at a time (Label Studio exports, Argilla's records.json): each top-level
 * element's text and the line it starts on, so a bad record is named by its line like a JSONL line.
 * Only strings and brackets are tracked (to find where an element ends); JSON.parse reads each
 * element. An element longer than `maxBytes` is not kept, only refused by its size.
 */
import { isUtf8 } from 'node:buffer';

export interface ArrayItem {
  line: number;
  text?: string;
  problem?: string;
}

const [QUOTE, BACKSLASH, COMMA, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, NEWLINE] = [34, 92, 44, 123, 125, 91, 93, 10];
const isSpace = (b: number) => b === 32 || b === 9 || b === 13 || b === NEWLINE || b === 0xef || b === 0xbb || b === 0xbf; // BOM bytes only lead

export class JsonArraySplitter {
  private state: 'before' | 'open' | 'item' | 'closed' | 'failed' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private itemLine = 0;
  private parts: Buffer[] = [];
  private size = 0;
  private items = 0;

  constructor(private readonly maxBytes: number) {}

  push(buf: Buffer): ArrayItem[] {
    const out: ArrayItem[] = [];
    let from = this.state === 'item' ? 0 : -1;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === NEWLINE) this.line++;
      if (this.state === 'item') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) this.inString = false;
          continue;
        }
        if (b === QUOTE) this.inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
        else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && this.depth > 0) this.depth--;
        else if (this.depth === 0 && (b === COMMA || b === CLOSE_BRACKET)) {
          this.keep(buf.subarray(from, i));
          out.push(this.finishItem());
          this.state = b === COMMA ? 'open' : 'closed';
          from = -1;
        }
        continue;
      }
      if (isSpace(b) || this.state === 'failed') continue;
      if (this.state === 'before') {
        if (b === OPEN_BRACKET) this.state = 'open';
        else {
          this.state = 'failed';
          out.push({ line: this.line, problem: 'expected a JSON array of records ([ … ])' });
        }
      } else if (this.state === 'open') {
        if (b === CLOSE_BRACKET && this.items === 0) this.state = 'closed';
        else {
          this.state = 'item';
          this.itemLine = this.line;
          this.depth = 0;
          from = i;
          i--; // this byte is the element's first: read it again as part of it
        }
      } else {
        this.state = 'failed';
        out.push({ line: this.line, problem: 'text after the end of the JSON array' });
      }
    }
    if (this.state === 'item' && from >= 0) this.keep(buf.subarray(from));
    return out;
  }

  end(): ArrayItem[] {
    if (this.state === 'item' || this.state === 'open')
      return [{ line: this.state === 'item' ? this.itemLine : this.line, problem: 'the JSON array ends without its closing ]' }];
    return [];
  }

  private keep(bytes: Buffer) {
    this.size += bytes.length;
    if (this.size <= this.maxBytes) this.parts.push(Buffer.from(bytes));
  }

  private finishItem(): ArrayItem {
    this.items++;
    const line = this.itemLine;
    const over = this.size > this.maxBytes;
    const bytes = over ? null : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    if (!bytes) return { line, problem: `record longer than ${this.maxBytes} bytes (the per-line limit)` };
    if (!isUtf8(bytes)) return { line, problem: 'not valid UTF-8' };
    return { line, text: bytes.toString('utf8') };
  }
}

/**
 * The inputs that are not JSON lines, read in this thread record by record into the same outcomes as
 * readImportFile's lines: a JSON array (jsonArray.ts) and CSV (csv-parse, the header row naming the
 * columns). A record's line is where it starts (a JSON element) or ends (a CSV row).
 */
import { parse as csvParser, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { UserInputError } from '../../domain/errors.js';
import { JsonArraySplitter } from './jsonArray.js';
import { lineParser, type ParsedLine, recordParser, type ParserSpec } from './parseLine.js';
import { CSV_ROLES } from './formats/csvRow.js';

type Accept = (line: number, outcome: ParsedLine) => Promise<void> | void;
type OnBytes = (bytes: number, lines: number) => void;

const fail = (message: string): ParsedLine => ({ ok: false, problems: [{ message }] });

export async function readJsonArray(source: AsyncIterable<Buffer>, spec: ParserSpec, accept: Accept, onBytes?: OnBytes): Promise<void> {
  const splitter = new JsonArraySplitter(spec.limits.maxLineBytes);
  const parse = lineParser(spec);
  let bytes = 0;
  let records = 0;
  const take = async (items: ReturnType<JsonArraySplitter['push']>) => {
    for (const item of items) {
      records++;
      const pending = accept(item.line, item.problem !== undefined ? fail(item.problem) : parse(item.text!));
      if (pending) await pending;
    }
  };
  for await (const chunk of source) {
    bytes += chunk.length;
    await take(splitter.push(chunk));
    onBytes?.(bytes, records);
  }
  await take(splitter.end());
}

/** The column map checked against the header: every mapped column exists, every role is known. */
function checkColumns(header: string[], columns: Record<string, string>, file: string): void {
  for (const [role, column] of Object.entries(columns)) {
    if (!CSV_ROLES.test(role))
      throw new UserInputError(`--columns: "${role}" is not a role (prompt, response, chosen, rejected, text, steps, id, domain, …)`, {
        field: 'columns',
      });
    if (!header.includes(column))
      throw new UserInputError(`--columns: ${role}=${column}, but ${file} has no column "${column}" (it has ${header.join(', ')})`, {
        file,
        line: 1,
        field: 'columns',
      });
  }
}

export async function readCsv(
  source: AsyncIterable<Buffer>,
  spec: ParserSpec,
  file: string,
  accept: Accept,
  onBytes?: OnBytes,
): Promise<void> {
  const parse = recordParser(spec);
  let headerProblem: UserInputError | null = null;
  const parser = csvParser({
    bom: true,
    columns: (header: string[]) => {
      try {
        checkColumns(header, spec.columns ?? {}, file);
      } catch (e) {
        headerProblem = e as UserInputError;
      }
      return header;
    },
    skip_empty_lines: true,
    info: true,
    max_record_size: spec.limits.maxLineBytes,
    skip_records_with_error: true,
  });
  const problems: { line: number; message: string }[] = [];
  parser.on('skip', (e: CsvError) =>
    problems.push({ line: (e as CsvError & { lines?: number }).lines ?? 0, message: `not valid CSV: ${e.message}` }),
  );
  let bytes = 0;
  const input = Readable.from(
    (async function* () {
      for await (const chunk of source) {
        bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (headerProblem) break;
      while (problems.length > 0) await accept(problems[0].line, fail(problems.shift()!.message));
      rows++;
      const pending = accept(info.lines, parse(record));
      if (pending) await pending;
      if (rows % 1000 === 0) onBytes?.(bytes, info.lines);
    }
  } catch (e) {
    const code = String((e as CsvError).code ?? '');
    if (!code.startsWith('CSV_')) throw e;
    problems.push({ line: (e as CsvError & { lines?: number }).lines ?? 0, message: `not valid CSV: ${(e as Error).message}` });
  } finally {
    input.destroy();
  }
  if (headerProblem) throw headerProblem;
  for (const p of problems) await accept(p.line, fail(p.message));
  onBytes?.(bytes, rows);
}

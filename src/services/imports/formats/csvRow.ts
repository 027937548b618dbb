/**
 * A CSV row (csv-parse, header row as column names) → a task, by the column map: `--columns
 * prompt=question,response=answer` names which column plays which role (namedFields.ts lists the
 * roles; `id`, `domain` and `priority` too). Unmapped columns keep their own names, so a file whose
 * header already says `prompt,chosen,rejected` needs no map. Rows without an `id` get one from their
 * content (a re-import is idempotent). Problems name the column.
 */
import { UserInputError } from '../../../domain/errors.js';
import { type Converted, type Converter, contentId, problem } from './common.js';
import { fromNamedFields } from './namedFields.js';

export const CSV_ROLES =
  /^(id|domain|priority|system|prompt|instruction|question|input|query|response|answer|completion|output|chosen|rejected|text|content|sentence|messages|steps|(answer|response)[_-]?([0-9]+|[a-z]))$/;

export const fromCsvRow: Converter = (row, options): Converted => {
  const columns = options.columns ?? {};
  const mapped = new Set(Object.values(columns));
  const fields: Record<string, unknown> = {};
  for (const [col, value] of Object.entries(row)) if (!mapped.has(col)) fields[col.toLowerCase()] = value;
  for (const [role, col] of Object.entries(columns)) fields[role] = row[col];
  const nameOf = (role: string) => columns[role] ?? role;
  let priority: number | undefined;
  if (fields.priority !== undefined && fields.priority !== '') {
    priority = Number(fields.priority);
    if (!Number.isInteger(priority)) return problem(nameOf('priority'), 'must be a whole number');
  }
  const id = typeof fields.id === 'string' && fields.id !== '' ? fields.id : contentId('csv', row);
  const domain = typeof fields.domain === 'string' && fields.domain !== '' ? fields.domain : undefined;
  for (const k of ['id', 'domain', 'priority']) delete fields[k];
  return fromNamedFields(fields, options, { id, domain, priority, nameOf, meta: { source: 'csv' } });
};

/** `prompt=question,response=answer` → `{prompt: "question", response: "answer"}`. */
export function parseColumnMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at < 1 || at === pair.length - 1)
      throw new UserInputError(`"${pair}" is not ROLE=COLUMN (e.g. prompt=question,response=answer)`, { field: 'columns' });
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

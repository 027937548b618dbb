/**
 * A question-bank file (JSON lines or CSV) → tutorloop import records, each checked as the importer
 * checks a line (validateTask.ts) and as a bank needs: a gold answer that can be graded, and an
 * explanation of it. Every problem names the file, line and field; nothing is kept unless all are good.
 *
 * CSV: a header row; `id`, `gold`, `explanation` (and optionally `domain`, `priority`) and the task
 * type's payload fields as columns. A cell that starts with `[` or `{` is read as JSON (e.g. a
 * preference's `responses`). `gold` is the answer as JSON, or for preference tasks the chosen
 * response's id and for label tasks the one label.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { LineProblem } from '../../domain/errors.js';
import { gradableGold } from '../../domain/goldMatch.js';
import type { TaskType } from '../../domain/tasks.js';
import { parseTaskObject } from '../imports/validateTask.js';
import type { NewTask } from '../../store/repositories/tasks.js';

export interface BankFileSpec {
  fileName: string;
  format: 'jsonl' | 'csv';
  type: TaskType;
  domain: string;
  text: string;
}

export interface BankRecord {
  line: number;
  /** The tutorloop import object (what the importer is given). */
  object: Record<string, unknown>;
  task: NewTask;
  gold: Record<string, unknown>;
  explanation: string;
}

type Raw = { line: number; value: unknown } | { line: number; problem: { field?: string; message: string } };

function jsonLines(text: string): Raw[] {
  const out: Raw[] = [];
  text.split(/\r?\n/).forEach((t, i) => {
    if (t.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(t) });
    } catch (e) {
      out.push({ line: i + 1, problem: { message: `not valid JSON: ${(e as Error).message}` } });
    }
  });
  return out;
}

/** A CSV gold cell as an answer object. */
function csvGold(type: TaskType, cell: string): Record<string, unknown> | string {
  if (cell.startsWith('{')) {
    try {
      return JSON.parse(cell) as Record<string, unknown>;
    } catch (e) {
      return `not valid JSON: ${(e as Error).message}`;
    }
  }
  if (type === 'preference') return { choice: cell };
  if (type === 'label') return { labels: [cell] };
  return `give the answer as JSON, e.g. {"verdicts": [...]} (a bare "${cell}" is only read for preference and label questions)`;
}

function csvRows(text: string, type: TaskType): Raw[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true }) as typeof rows;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return [{ line, problem: { message: `not valid CSV: ${(e as Error).message}` } }];
  }
  return rows.map(({ record, info }): Raw => {
    const line = info.lines;
    const value: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (cell === '') continue;
      if (column === 'explanation') continue;
      if (column === 'gold') {
        const gold = csvGold(type, cell);
        if (typeof gold === 'string') return { line, problem: { field: 'gold', message: gold } };
        value.gold = record.explanation ? { ...gold, explanation: record.explanation } : gold;
      } else if (column === 'priority') value.priority = Number(cell);
      else if (cell.startsWith('[') || cell.startsWith('{')) {
        try {
          value[column] = JSON.parse(cell);
        } catch (e) {
          return { line, problem: { field: column, message: `not valid JSON: ${(e as Error).message}` } };
        }
      } else value[column] = cell;
    }
    return { line, value };
  });
}

/** Every record of the file, or every problem with it. */
export function readBankFile(spec: BankFileSpec): { records: BankRecord[]; problems: LineProblem[] } {
  const file = spec.fileName;
  const explanationField = spec.format === 'csv' ? 'explanation' : 'gold.explanation';
  const raws = spec.format === 'csv' ? csvRows(spec.text, spec.type) : jsonLines(spec.text);
  const records: BankRecord[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  const report = (line: number, p: { field?: string; message: string }) => problems.push({ file, line, ...p });
  if (raws.length === 0) problems.push({ file, message: 'the file holds no question' });
  for (const raw of raws) {
    if ('problem' in raw) {
      report(raw.line, raw.problem);
      continue;
    }
    if (typeof raw.value !== 'object' || raw.value === null || Array.isArray(raw.value)) {
      report(raw.line, { message: 'each line must be a JSON object' });
      continue;
    }
    // The upload names the type and domain, so a line need not repeat them.
    const object: Record<string, unknown> = { type: spec.type, domain: spec.domain, ...(raw.value as Record<string, unknown>) };
    const outcome = parseTaskObject(object, { type: spec.type, domains: [spec.domain] });
    if (!outcome.ok) {
      for (const p of outcome.problems) report(raw.line, p);
      continue;
    }
    const gold = outcome.task.gold === null ? null : (JSON.parse(outcome.task.gold) as Record<string, unknown>);
    if (!gold) {
      report(raw.line, { field: 'gold', message: 'a bank question needs its gold answer' });
      continue;
    }
    const explanation = typeof gold.explanation === 'string' ? gold.explanation.trim() : '';
    if (explanation === '') {
      report(raw.line, {
        field: explanationField,
        message: 'a bank question needs an explanation of its answer (tutors read it after practice)',
      });
      continue;
    }
    if (!gradableGold(spec.type, gold)) {
      report(raw.line, { field: 'gold', message: `this gold answer cannot be graded automatically for a ${spec.type} question` });
      continue;
    }
    const first = seen.get(outcome.task.externalId);
    if (first !== undefined) {
      report(raw.line, { field: 'id', message: `"${outcome.task.externalId}" is already the id of line ${first}` });
      continue;
    }
    seen.set(outcome.task.externalId, raw.line);
    records.push({ line: raw.line, object, task: outcome.task, gold, explanation });
  }
  return { records, problems };
}

/**
 * One function from a line's text (or a record already read, for CSV) to a task row (or its problems),
 * for the chosen input format. Every record first passes the caps (limits.ts): its length, then its
 * nesting and each text value's length; a foreign format's converter (formats/) then makes it a
 * tutorloop import object, which the project's task schema checks like any tutorloop line.
 */
import type { ProjectConfig } from '../../domain/projects.js';
import { CONVERTERS, type ImportFormat } from './formats/index.js';
import { checkShape, overBytes, type ImportLimits } from './limits.js';
import { parseTaskObject, type LineOutcome } from './validateTask.js';

export type ParsedLine = LineOutcome | 'leave-out';

export interface ParserSpec {
  project: Pick<ProjectConfig, 'type' | 'domains'>;
  format: ImportFormat;
  /** Foreign formats: the domain of records that carry none. */
  domain: string;
  /** Foreign formats: keep a record's known answer as gold. */
  asGold: boolean;
  /** csv: role → column. */
  columns?: Record<string, string>;
  limits: ImportLimits;
}

const fail = (message: string, field?: string): LineOutcome => ({ ok: false, problems: [field ? { field, message } : { message }] });

/** A record (a parsed line, an array element, a CSV row) → its outcome. */
export function recordParser(spec: ParserSpec): (value: unknown) => ParsedLine {
  const { limits, project } = spec;
  const convert = spec.format === 'tutorloop' ? null : CONVERTERS[spec.format];
  const options = { type: project.type, domain: spec.domain, asGold: spec.asGold, columns: spec.columns };
  return (value) => {
    const shape = checkShape(value, limits);
    if (shape) return fail(shape.message, shape.field);
    if (!convert) return parseTaskObject(value, project);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('each record must be a JSON object');
    const converted = convert(value as Record<string, unknown>, options);
    if (converted.leaveOut) return 'leave-out';
    return converted.task ? parseTaskObject(converted.task, project) : { ok: false, problems: [converted.problem!] };
  };
}

export function lineParser(spec: ParserSpec): (text: string) => ParsedLine {
  const { limits } = spec;
  const parseRecord = recordParser(spec);
  return (text) => {
    // Lines are cut just past the cap while read (readImportFile.ts), so a huge line is never held whole.
    if (overBytes(text, limits.maxLineBytes)) return fail(`line longer than ${limits.maxLineBytes} bytes (the per-line limit)`);
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return fail(`not valid JSON: ${(e as Error).message}`);
    }
    return parseRecord(obj);
  };
}

/**
 * One function from a line's text to a task row (or its problems), for the chosen input format. Every
 * line first passes the caps (limits.ts): its length, then its nesting and each text value's length.
 */
import type { ProjectConfig } from '../../domain/projects.js';
import { hhRlhfToTask } from './hhRlhf.js';
import { checkShape, overBytes, type ImportLimits } from './limits.js';
import { parseTaskObject, type LineOutcome } from './validateTask.js';

export type ParsedLine = LineOutcome | 'leave-out';

export interface ParserSpec {
  project: Pick<ProjectConfig, 'type' | 'domains'>;
  format: 'tutorloop' | 'hh-rlhf';
  /** hh-rlhf: the domain given to every task. */
  hhDomain: string;
  hhRlhfAsGold: boolean;
  limits: ImportLimits;
}

const fail = (message: string, field?: string): LineOutcome => ({ ok: false, problems: [field ? { field, message } : { message }] });

export function lineParser(spec: ParserSpec): (text: string) => ParsedLine {
  const { limits } = spec;
  return (text) => {
    // Lines are cut just past the cap while read (readImportFile.ts), so a huge line is never held whole.
    if (overBytes(text, limits.maxLineBytes)) return fail(`line longer than ${limits.maxLineBytes} bytes (the per-line limit)`);
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return fail(`not valid JSON: ${(e as Error).message}`);
    }
    const shape = checkShape(obj, limits);
    if (shape) return fail(shape.message, shape.field);
    if (spec.format !== 'hh-rlhf') return parseTaskObject(obj, spec.project);
    const converted = hhRlhfToTask(obj, { domain: spec.hhDomain, asGold: spec.hhRlhfAsGold });
    if (converted.leaveOut) return 'leave-out';
    return converted.task ? parseTaskObject(converted.task, spec.project) : { ok: false, problems: [converted.problem!] };
  };
}

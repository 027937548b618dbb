/** One function from a line's text to a task row (or its problems), for the chosen input format. */
import type { ProjectConfig } from '../../domain/projects.js';
import { hhRlhfToTask } from './hhRlhf.js';
import { parseTaskLine, parseTaskObject, type LineOutcome } from './validateTask.js';

export type ParsedLine = LineOutcome | 'leave-out';

export interface ParserSpec {
  project: Pick<ProjectConfig, 'type' | 'domains'>;
  format: 'tutorloop' | 'hh-rlhf';
  /** hh-rlhf: the domain given to every task. */
  hhDomain: string;
  hhRlhfAsGold: boolean;
}

export function lineParser(spec: ParserSpec): (text: string) => ParsedLine {
  if (spec.format !== 'hh-rlhf') return (text) => parseTaskLine(text, spec.project);
  return (text) => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return { ok: false, problems: [{ message: `not valid JSON: ${(e as Error).message}` }] };
    }
    const converted = hhRlhfToTask(obj, { domain: spec.hhDomain, asGold: spec.hhRlhfAsGold });
    if (converted.leaveOut) return 'leave-out';
    return converted.task ? parseTaskObject(converted.task, spec.project) : { ok: false, problems: [converted.problem!] };
  };
}

/**
 * `--format auto`: which format the first records are in. Each record is matched against every
 * format's detector; a match that a more specific one refines (tutorloop's own `dpo` export is also
 * TRL's conversational format) gives way to it. One format left for every record that matched: chosen.
 * Two (in one record, or records that disagree): refused, naming the lines and the candidates. None:
 * tutorloop's own lines, whose errors then name each bad field.
 */
import { UserInputError } from '../../../domain/errors.js';
import { isObj } from './common.js';
import { FORMATS, type JsonFormat } from './index.js';

export interface Sample {
  line: number;
  value: unknown;
}

export function matchFormats(value: unknown): JsonFormat[] {
  if (!isObj(value)) return [];
  const hits = (Object.keys(FORMATS) as JsonFormat[]).filter((f) => FORMATS[f].detect(value));
  return hits.filter((f) => !hits.some((other) => FORMATS[other].refines?.includes(f)));
}

export function detectFormat(samples: Sample[], file: string): JsonFormat {
  const seen = new Map<JsonFormat, number>(); // format → first line that looked like it
  for (const { line, value } of samples) {
    const hits = matchFormats(value);
    if (hits.length > 1)
      throw new UserInputError(`cannot tell the format: line ${line} could be ${hits.join(' or ')}; pass --format`, {
        file,
        line,
        field: 'format',
      });
    if (hits.length === 1 && !seen.has(hits[0])) seen.set(hits[0], line);
  }
  if (seen.size > 1) {
    const which = [...seen].map(([f, line]) => `line ${line} looks like ${f}`).join(', ');
    throw new UserInputError(`cannot tell the format: ${which}; pass --format`, { file, line: [...seen.values()][1], field: 'format' });
  }
  return seen.keys().next().value ?? 'tutorloop';
}

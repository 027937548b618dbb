/**
 * The import formats: each one's converter (a record → a tutorloop import object) and its detector,
 * which `--format auto` runs on the first records (detect.ts). tutorloop's own lines need no converter.
 */
import { IMPORT_FORMAT_NAMES } from '../../../domain/api/tasks.js';
import { TASK_TYPES } from '../../../domain/tasks.js';
import { hhRlhfToTask } from '../hhRlhf.js';
import { detectArgilla, fromArgilla } from './argilla.js';
import type { Converter, Obj } from './common.js';
import { fromCsvRow } from './csvRow.js';
import { detectHelpSteer2, fromHelpSteer2 } from './helpsteer2.js';
import { detectLabelStudio, fromLabelStudio } from './labelStudio.js';
import { detectOasst, fromOasst } from './oasst.js';
import { detectOpenAiMessages, fromOpenAiMessages } from './openaiMessages.js';
import { detectTrl, fromTrl } from './trl.js';
import { detectTutorloopDpo, detectTutorloopSft, fromTutorloopDpo, fromTutorloopSft } from './tutorloopExport.js';
import { detectUltraFeedback, fromUltraFeedback } from './ultrafeedback.js';

/** The names, as the API declares them (one list): every format, and `auto`. */
export type ImportFormat = Exclude<(typeof IMPORT_FORMAT_NAMES)[number], 'auto'>;
export const IMPORT_FORMATS = IMPORT_FORMAT_NAMES.filter((f): f is ImportFormat => f !== 'auto');
/** What a caller may ask for: a format, or `auto` to detect it. */
export type RequestedFormat = ImportFormat | 'auto';

/** Formats whose records are JSON objects, recognisable by their keys. */
export type JsonFormat = Exclude<ImportFormat, 'csv'>;

const hhLike = (v: unknown) => typeof v === 'string' && v.includes('\n\nHuman: ') && v.includes('\n\nAssistant: ');

interface FormatEntry {
  detect: (r: Obj) => boolean;
  /** Formats whose records this one's also match, and which it is a more specific case of. */
  refines?: JsonFormat[];
}

export const FORMATS: Record<JsonFormat, FormatEntry> = {
  tutorloop: {
    detect: (r) => typeof r.id === 'string' && (TASK_TYPES as readonly unknown[]).includes(r.type),
    refines: ['trl', 'openai-messages', 'helpsteer2', 'hh-rlhf', 'argilla'],
  },
  'hh-rlhf': { detect: (r) => !('prompt' in r) && hhLike(r.chosen) && hhLike(r.rejected), refines: ['trl'] },
  trl: { detect: detectTrl },
  'openai-messages': { detect: detectOpenAiMessages },
  ultrafeedback: { detect: detectUltraFeedback, refines: ['trl'] },
  helpsteer2: { detect: detectHelpSteer2 },
  labelstudio: { detect: detectLabelStudio },
  argilla: { detect: detectArgilla },
  'tutorloop-dpo': { detect: detectTutorloopDpo, refines: ['trl'] },
  'tutorloop-sft': { detect: detectTutorloopSft, refines: ['openai-messages'] },
  oasst: { detect: detectOasst },
};

export const CONVERTERS: Record<Exclude<ImportFormat, 'tutorloop'>, Converter> = {
  csv: fromCsvRow,
  'hh-rlhf': (r, o) => hhRlhfToTask(r, { domain: o.domain, asGold: o.asGold }),
  trl: fromTrl,
  'openai-messages': fromOpenAiMessages,
  ultrafeedback: fromUltraFeedback,
  helpsteer2: fromHelpSteer2,
  labelstudio: fromLabelStudio,
  argilla: fromArgilla,
  'tutorloop-dpo': fromTutorloopDpo,
  'tutorloop-sft': fromTutorloopSft,
  oasst: fromOasst,
};

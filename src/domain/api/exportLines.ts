/**
 * One line of each export format and style (GET /api/projects/:id/export streams NDJSON: one of these per
 * line), for the OpenAPI document and clients. Derived from the export's own column specs
 * (`domain/export/shapes.ts`), the same source the lines, the Parquet schema and the dataset card's
 * features are written from, so the document cannot drift from what is exported.
 */
import { z } from 'zod';
import type { Column, Fields } from '../export/columns.js';
import { exportFields } from '../export/shapes.js';

/** A column as zod: every field is present; absent numbers and booleans are null (columns.ts). */
function zodOf(col: Column): z.ZodType {
  switch (col.kind) {
    case 'string':
      return z.string();
    case 'float':
      return z.number().nullable();
    case 'int':
      return z.number().int().nullable();
    case 'bool':
      return z.boolean().nullable();
    case 'list':
      return z.array(zodOf(col.of));
    case 'struct':
      return lineOf(col.fields);
  }
}

function lineOf(fields: Fields) {
  return z.object(Object.fromEntries(Object.entries(fields).map(([name, col]) => [name, zodOf(col)])));
}

export const DpoLine = lineOf(exportFields('dpo', 'conversational')).meta({
  id: 'DpoLine',
  description: "format=dpo: TRL's conversational preference shape, one line per decided preference pair",
});
export const DpoStandardLine = lineOf(exportFields('dpo', 'trl-standard')).meta({
  id: 'DpoStandardLine',
  description: 'format=dpo&style=trl-standard: prompt, chosen and rejected as strings',
});
export const DpoLlamaFactoryLine = lineOf(exportFields('dpo', 'llamafactory')).meta({
  id: 'DpoLlamaFactoryLine',
  description: "format=dpo&style=llamafactory: LLaMA-Factory's ranking shape (chosen and rejected as single messages)",
});
export const SftLine = lineOf(exportFields('sft')).meta({
  id: 'SftLine',
  description: 'format=sft: the conversation ending in the tutor’s text',
});
export const RatingsLine = lineOf(exportFields('ratings')).meta({
  id: 'RatingsLine',
  description: 'format=ratings (rm, deprecated): per rubric axis the scores of a rated response',
});
export const ClassificationLine = lineOf(exportFields('classification')).meta({
  id: 'ClassificationLine',
  description: 'format=classification: text, consensus label and confidence',
});
export const StepwiseLine = lineOf(exportFields('stepwise')).meta({
  id: 'StepwiseLine',
  description: "format=stepwise: TRL's stepwise supervision (prompt, completions, labels)",
});
export const AnnotationsLine = lineOf(exportFields('annotations')).meta({
  id: 'AnnotationsLine',
  description: 'format=annotations: one line per annotation of a non-gold task',
});
export const RubricsLine = lineOf(exportFields('rubrics')).meta({
  id: 'RubricsLine',
  description: 'format=rubrics: one approved rubric version (prompt, criteria with weights, version, author tier)',
});
export const RubricGradesLine = lineOf(exportFields('rubric-grades')).meta({
  id: 'RubricGradesLine',
  description: 'format=rubric-grades: one graded response (per-criterion verdicts, score, graders)',
});

export const TurnRatingsLine = lineOf(exportFields('turn-ratings')).meta({
  id: 'TurnRatingsLine',
  description: 'format=turn-ratings: one line per assistant turn of a conversation (scores, labels, first-bad votes, rewrites)',
});

/** Any line of an export; which one follows from the `format` and `style` asked for. */
export const ExportLine = z
  .union([
    DpoLine,
    DpoStandardLine,
    DpoLlamaFactoryLine,
    SftLine,
    RatingsLine,
    ClassificationLine,
    StepwiseLine,
    AnnotationsLine,
    RubricsLine,
    RubricGradesLine,
    TurnRatingsLine,
  ])
  .meta({ id: 'ExportLine', description: 'one line of the NDJSON body; which shape follows from the format and style asked for' });

/**
 * Which format and framing an import is read with: the one asked for, or (`auto`) the one its first
 * records show (formats/detect.ts), from the head openInput read ahead. CSV is told by its framing:
 * an input that starts with neither `{` nor `[`, unless the sender declared JSON (`csvAllowed` false).
 */
import { UserInputError } from '../../domain/errors.js';
import { detectFormat, type Sample } from './formats/detect.js';
import type { ImportFormat, RequestedFormat } from './formats/index.js';
import { JsonArraySplitter } from './jsonArray.js';
import { type Framing, framingOf, type OpenedInput } from './openInput.js';

const SAMPLE_RECORDS = 20;

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The first records in the head, with their lines (a last line the head cuts is left out). */
export function samplesOf(opened: OpenedInput, framing: Framing): Sample[] {
  const samples: Sample[] = [];
  if (framing === 'json-array') {
    const splitter = new JsonArraySplitter(opened.head.length);
    for (const item of splitter.push(opened.head)) if (item.text !== undefined) samples.push({ line: item.line, value: parsed(item.text) });
    return samples.slice(0, SAMPLE_RECORDS);
  }
  const lines = opened.head.toString('utf8').split('\n');
  if (!opened.complete) lines.pop();
  for (const [i, text] of lines.entries()) {
    if (text.trim() === '') continue;
    samples.push({ line: i + 1, value: parsed(text) });
    if (samples.length === SAMPLE_RECORDS) break;
  }
  return samples;
}

export function chooseFormat(
  opened: OpenedInput,
  requested: RequestedFormat,
  file: string,
  csvAllowed = true,
): { format: ImportFormat; framing: Framing; detected: boolean } {
  const framing = framingOf(opened.head, (requested === 'auto' && csvAllowed) || requested === 'csv');
  if (requested === 'csv') return { format: 'csv', framing: 'csv', detected: false };
  if (requested !== 'auto') return { format: requested, framing, detected: false };
  if (framing === 'csv') return { format: 'csv', framing, detected: true };
  const format = detectFormat(samplesOf(opened, framing), file);
  if (framing === 'json-array' && format === 'tutorloop' && !opened.head.toString('utf8').includes('"type"'))
    throw new UserInputError(`cannot tell the format of this JSON array; pass --format`, { file, line: 1, field: 'format' });
  return { format, framing, detected: true };
}

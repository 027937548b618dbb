/** The JSON array reader: elements and their start lines whatever the chunking; framing and format detection. */
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/domain/errors.js';
import { detectFormat, matchFormats } from '../../../src/services/imports/formats/detect.js';
import { JsonArraySplitter } from '../../../src/services/imports/jsonArray.js';
import { framingOf } from '../../../src/services/imports/openInput.js';

const DOC = '[\n  {"a": "x, ] y", "b": [1, {"c": "\\"}"}]},\n  {"a": 2}\n  ,\n  "tail"\n]\n';

function split(text: string, chunk: number, max = 1 << 20) {
  const s = new JsonArraySplitter(max);
  const bytes = Buffer.from(text);
  const out = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...s.push(bytes.subarray(i, i + chunk)));
  return [...out, ...s.end()];
}

describe('JsonArraySplitter', () => {
  it('gives each element with the line it starts on, however the bytes are cut', () => {
    const want = [
      { line: 2, text: '{"a": "x, ] y", "b": [1, {"c": "\\"}"}]}' },
      { line: 3, text: '{"a": 2}\n  ' },
      { line: 5, text: '"tail"\n' },
    ];
    for (const chunk of [1, 2, 3, 7, 64, 4096]) expect(split(DOC, chunk), `chunks of ${chunk}`).toEqual(want);
    for (const item of want) expect(() => JSON.parse(item.text)).not.toThrow();
  });

  it('names an unclosed array, text after it, a non-array and an over-long element by line', () => {
    expect(split('[\n{"a": 1},\n{"b": 2', 5).at(-1)).toEqual({ line: 3, problem: 'the JSON array ends without its closing ]' });
    expect(split('[1]\n2', 3).at(-1)).toEqual({ line: 2, problem: 'text after the end of the JSON array' });
    expect(split('{"a": 1}', 3)).toEqual([{ line: 1, problem: 'expected a JSON array of records ([ … ])' }]);
    expect(split('[\n"short",\n"far too long"]', 4, 8)).toEqual([
      { line: 2, text: '"short"' },
      { line: 3, problem: 'record longer than 8 bytes (the per-line limit)' },
    ]);
    expect(split('[]', 1)).toEqual([]);
  });
});

describe('framing and detection', () => {
  it('tells JSON lines, a JSON array and CSV apart', () => {
    expect(framingOf(Buffer.from('{"a":1}\n'), true)).toBe('jsonl');
    expect(framingOf(Buffer.from('[\n  {"id": 1}\n]'), true)).toBe('json-array');
    expect(framingOf(Buffer.from('[{"id": 1}]'), true)).toBe('json-array');
    expect(framingOf(Buffer.from('[]\n[]\n'), true)).toBe('jsonl'); // lines that are arrays: refused line by line
    expect(framingOf(Buffer.from('prompt,response\n'), true)).toBe('csv');
    expect(framingOf(Buffer.from('prompt,response\n'), false)).toBe('jsonl');
  });

  it('prefers the more specific of two matching formats, and refuses two unrelated ones', () => {
    const dpoExport = { prompt: [], chosen: [], rejected: [], meta: { taskId: 't', domain: 'g', chosenId: 'a', rejectedId: 'b' } };
    expect(matchFormats(dpoExport)).toEqual(['tutorloop-dpo']);
    expect(matchFormats({ chosen: '\n\nHuman: hi\n\nAssistant: a', rejected: '\n\nHuman: hi\n\nAssistant: b' })).toEqual(['hh-rlhf']);
    expect(matchFormats({ id: 'x', type: 'label', domain: 'g', messages: [] })).toEqual(['tutorloop']);
    expect(detectFormat([{ line: 1, value: { nothing: true } }], 'f')).toBe('tutorloop');
    expect(() => detectFormat([{ line: 3, value: { prompt: 'p', completion: 'c', messages: [] } }], 'f')).toThrow(UserInputError);
  });
});

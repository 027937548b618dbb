/**
 * The generator behind importFuzz.test.ts: one bad import line at a time, each with what its refusal
 * must say (the field at fault, or none when the line as a whole is, and the message). Lines are for
 * a `preference` project with domains general and code; `limits` are the caps the import runs with.
 */
export interface FuzzCase {
  kind: string;
  bytes: Buffer;
  text: string;
  /** The field the refusal must name (a RegExp for deep paths), or undefined when it names none. */
  field: string | RegExp | undefined;
  message: RegExp;
}

type Random = () => number;
type Limits = { maxLineBytes: number; maxFieldBytes: number };

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function good(r: Random, id: string): Record<string, unknown> {
  return {
    id,
    type: 'preference',
    domain: pick(r, ['general', 'code']),
    ...(r() < 0.3 ? { priority: int(r, -5, 5) } : {}),
    prompt: `Question ${id} ${'é☃'.repeat(int(r, 0, 20))}?`,
    responses: [
      { id: 'a', text: `First answer to ${id}` },
      { id: 'b', text: `Second answer to ${id}` },
    ],
    ...(r() < 0.2 ? { gold: { choice: pick(r, ['a', 'b']) } } : {}),
  };
}

const json = (o: unknown) => JSON.stringify(o);
const fromText = (kind: string, text: string, field: FuzzCase['field'], message: RegExp): FuzzCase => ({
  kind,
  text,
  bytes: Buffer.from(text, 'utf8'),
  field,
  message,
});
const field = (kind: string, o: Record<string, unknown>, name: FuzzCase['field'], message: RegExp = /./) =>
  fromText(kind, json(o), name, message);

/** Wrong JSON types for a field, and the path zod names. */
const WRONG_TYPES: [string, unknown, string][] = [
  ['id', 123, 'id'],
  ['id', null, 'id'],
  ['id', ['x'], 'id'],
  ['type', 5, 'type'],
  ['domain', 7, 'domain'],
  ['domain', true, 'domain'],
  ['priority', 'high', 'priority'],
  ['priority', 1.5, 'priority'],
  ['prompt', 42, 'prompt'],
  ['prompt', { text: 'p' }, 'prompt'],
  ['responses', 'two answers', 'responses'],
  ['responses', { a: 'x' }, 'responses'],
  ['gold', 'a', 'gold'],
  ['gold', ['a'], 'gold'],
  ['context', 'earlier turns', 'context'],
  ['meta', 'notes', 'meta'],
];

const GENERATORS: ((r: Random, id: string, limits: Limits) => FuzzCase)[] = [
  // Truncated: any proper prefix of an object is not JSON.
  (r, id) => {
    const text = json(good(r, id));
    return fromText('truncated', text.slice(0, int(r, 1, text.length - 1)), undefined, /^not valid JSON/);
  },
  // Not an object at all.
  (r) =>
    fromText(
      'not an object',
      pick(r, ['[1,2]', '"a string"', '42', 'null', 'true', '[]', '[{"id":"x"}]']),
      undefined,
      /must be a JSON object/,
    ),
  // Not JSON: garbage, a lone brace, JSON with trailing text, single quotes, NaN.
  (r, id) =>
    fromText(
      'not JSON',
      pick(r, ['{', '}', `{'id':'${id}'}`, `{"id":"${id}"} x`, '{"id":NaN}', 'id,type,domain', '\u0000\u0001']),
      undefined,
      /^not valid JSON/,
    ),
  // A wrong type for one field.
  (r, id) => {
    const [key, value, path] = pick(r, WRONG_TYPES);
    return field('wrong type', { ...good(r, id), [key]: value }, path);
  },
  // A required field missing.
  (r, id) => {
    const key = pick(r, ['id', 'type', 'domain', 'prompt', 'responses']);
    const o = good(r, id);
    delete o[key];
    return field('missing field', o, key);
  },
  // Wrong values inside the payload.
  (r, id) => {
    const o = good(r, id);
    const which = int(r, 0, 4);
    if (which === 0) return field('bad responses', { ...o, responses: [{ id: 'a', text: 'only one' }] }, 'responses', /exactly two/);
    if (which === 1)
      return field(
        'bad responses',
        {
          ...o,
          responses: [
            { id: 'a', text: 'x' },
            { id: 'a', text: 'y' },
          ],
        },
        'responses',
        /distinct/,
      );
    if (which === 2)
      return field(
        'bad responses',
        {
          ...o,
          responses: [
            { id: 'a', text: 'x' },
            { id: 'b', text: '' },
          ],
        },
        'responses.1.text',
        /must not be empty/,
      );
    if (which === 3)
      return field(
        'bad responses',
        {
          ...o,
          responses: [
            { id: '', text: 'x' },
            { id: 'b', text: 'y' },
          ],
        },
        'responses.0.id',
      );
    return field('bad context', { ...o, context: [{ role: 'robot', content: 'hi' }] }, 'context.0.role');
  },
  // Envelope values out of range.
  (r, id) => {
    const which = int(r, 0, 3);
    if (which === 0) return field('bad id', { ...good(r, id), id: '' }, 'id', /must not be empty/);
    if (which === 1) return field('bad id', { ...good(r, id), id: 'i'.repeat(int(r, 201, 600)) }, 'id');
    if (which === 2) return field('huge value', { ...good(r, id), priority: pick(r, [1001, -1001, 1e9, 2 ** 53]) }, 'priority');
    const o = good(r, id);
    delete o.priority; // a later key would win over the one put first
    return fromText('huge value', json(o).replace(/^\{/, '{"priority":1e400,'), 'priority', /./);
  },
  // A task type or domain this project does not take.
  (r, id) => {
    const which = int(r, 0, 3);
    if (which === 0)
      return field(
        'wrong task type',
        { ...good(r, id), type: pick(r, ['ranking', 'rating', 'label', 'rewrite', 'demonstration', 'steps']) },
        'type',
        /this project takes "preference"/,
      );
    if (which === 1) return field('wrong task type', { ...good(r, id), type: pick(r, ['preferences', 'PREFERENCE', '', 'chat']) }, 'type');
    if (which === 2)
      return field('wrong domain', { ...good(r, id), domain: pick(r, ['medicine', 'law', 'safety']) }, 'domain', /project's domains/);
    return field('wrong domain', { ...good(r, id), domain: pick(r, ['Bad Domain', 'UPPER', '1abc', '']) }, 'domain');
  },
  // Gold that names a response that is not there.
  (r, id) => field('bad gold', { ...good(r, id), gold: { choice: pick(r, ['c', 'z', 'A', '']) } }, 'gold.choice', /must be one of/),
  // One text value over the per-field cap.
  (r, id, limits) => {
    const o = good(r, id);
    const big = 'x'.repeat(limits.maxFieldBytes + int(r, 1, 1000));
    const which = int(r, 0, 2);
    if (which === 0) return field('huge field', { ...o, prompt: big }, 'prompt', /per-field limit/);
    if (which === 1)
      return field(
        'huge field',
        {
          ...o,
          responses: [
            { id: 'a', text: 'x' },
            { id: 'b', text: big },
          ],
        },
        'responses.1.text',
        /per-field limit/,
      );
    return field('huge field', { ...o, meta: { note: big } }, 'meta.note', /per-field limit/);
  },
  // The line over the per-line cap, every value under the per-field one.
  (r, id, limits) => {
    const parts = Math.ceil(limits.maxLineBytes / 100) + int(r, 1, 200);
    return field(
      'huge line',
      { ...good(r, id), meta: { parts: Array.from({ length: parts }, () => 'y'.repeat(100)) } },
      undefined,
      /per-line limit/,
    );
  },
  // Deep nesting (arrays or objects) inside meta.
  (r, id) => {
    const arrays = r() < 0.5;
    // Kept under the line cap (4000 bytes), so the nesting is what is refused.
    const depth = int(r, 31, arrays ? 1200 : 500);
    const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const text = json({ ...good(r, id), meta: 'NESTED' }).replace('"NESTED"', `{"x":${nested}}`);
    return fromText('deep nesting', text, /^meta\.x(\.(0|a))+$/, /nested deeper than 32 levels/);
  },
  // Bytes that are not UTF-8 inside a string.
  (r, id) => {
    const text = json(good(r, id));
    const at = text.indexOf('Question') + int(r, 0, 8);
    const bad = Buffer.from(
      pick(r, [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0x80], [0xc0, 0xaf]]),
    );
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]);
    return { kind: 'bad UTF-8', text: bytes.toString('utf8'), bytes, field: undefined, message: /not valid UTF-8/ };
  },
];

export function badLine(r: Random, id: string, limits: Limits): FuzzCase {
  return pick(r, GENERATORS)(r, id, limits);
}

/**
 * A file of good lines where one line (its number returned) reuses an id with other content: an
 * earlier line's id, or `existing` (an id already in the project).
 */
export function conflictFile(r: Random, prefix: string, existing: string | null): { lines: string[]; line: number } {
  const n = int(r, 3, 40);
  const lines = Array.from({ length: n }, (_, i) => json(good(r, `${prefix}-${i}`)));
  const at = int(r, 1, n - 1);
  const id = existing ?? `${prefix}-${int(r, 0, at - 1)}`;
  lines[at] = json({ ...good(r, id), prompt: `Other content for ${id} ${r()}` });
  return { lines, line: at + 1 };
}

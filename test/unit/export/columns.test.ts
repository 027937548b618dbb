/** The export line encoder: one type per field whatever the value (floats keep a decimal point, absent values typed). */
import { describe, expect, it } from 'vitest';
import {
  bool,
  encodeLine,
  featuresJson,
  featuresYaml,
  float,
  int,
  list,
  message,
  str,
  struct,
} from '../../../src/domain/export/columns.js';

const fields = { text: str, score: float, n: int, ok: bool, tags: list(str), turns: list(message), meta: struct({ a: str, b: float }) };

describe('encodeLine', () => {
  it('writes whole floats with a decimal point, ints as ints, and every field in schema order', () => {
    expect(
      encodeLine(fields, {
        text: 't',
        score: 1,
        n: 2.9,
        ok: 1,
        tags: ['x'],
        turns: [{ role: 'user', content: 'hi' }],
        meta: { a: 'q', b: 0.5 },
      }),
    ).toBe('{"text":"t","score":1.0,"n":2,"ok":true,"tags":["x"],"turns":[{"role":"user","content":"hi"}],"meta":{"a":"q","b":0.5}}\n');
    expect(encodeLine({ x: float }, { x: -3 })).toBe('{"x":-3.0}\n');
    expect(encodeLine({ x: float }, { x: 1e21 })).toBe('{"x":1e+21}\n');
    expect(JSON.parse(encodeLine({ x: float }, { x: 1e21 }))).toEqual({ x: 1e21 });
  });

  it('writes absent strings as "", lists as [], structs as typed empties, numbers and booleans as null', () => {
    expect(encodeLine(fields, {})).toBe('{"text":"","score":null,"n":null,"ok":null,"tags":[],"turns":[],"meta":{"a":"","b":null}}\n');
  });

  it('writes a non-string value of a string column as JSON text, and refuses an undeclared field', () => {
    expect(encodeLine({ s: str }, { s: { a: 1 } })).toBe('{"s":"{\\"a\\":1}"}\n');
    expect(() => encodeLine({ s: str }, { s: 'x', extra: 1 })).toThrow(/undeclared field extra/);
    // A misspelt key: as many keys as declared, one of them undeclared (the declared one absent).
    expect(() => encodeLine({ s: str, n: int }, { s: 'x', m: 1 })).toThrow(/undeclared field m/);
    expect(() => encodeLine({ meta: struct({ a: str }) }, { meta: { b: 'x' } })).toThrow(/undeclared field meta\.b/);
    // A declared key set to undefined is absent, not undeclared.
    expect(encodeLine({ s: str, n: int }, { s: 'x', n: undefined })).toBe('{"s":"x","n":null}\n');
  });
});

describe('features', () => {
  it('describes the columns as datasets Features (JSON) and as the dataset card YAML', () => {
    expect(featuresJson({ turns: list(message), score: float })).toEqual({
      turns: { feature: { role: { dtype: 'string', _type: 'Value' }, content: { dtype: 'string', _type: 'Value' } }, _type: 'List' },
      score: { dtype: 'float64', _type: 'Value' },
    });
    expect(featuresYaml({ turns: list(message), tags: list(bool), n: int })).toEqual([
      {
        name: 'turns',
        list: [
          { name: 'role', dtype: 'string' },
          { name: 'content', dtype: 'string' },
        ],
      },
      { name: 'tags', list: 'bool' },
      { name: 'n', dtype: 'int64' },
    ]);
  });
});

describe('float and int columns', () => {
  it('write the same text as the point-appending rule for every kind of number', () => {
    const f = { x: float, i: int };
    const cases: [unknown, string, string][] = [
      [1, '1.0', '1'],
      [-0, '0.0', '0'],
      [0.5, '0.5', '0'],
      [1e-7, '1e-7', '0'],
      [-2.5, '-2.5', '-2'],
      [1e21, '1e+21', '1e+21'],
      [123456789012345680000, '123456789012345680000.0', '123456789012345680000'],
      ['3', '3.0', '3'],
      [Number.NaN, 'null', 'NaN'],
    ];
    for (const [value, asFloat, asInt] of cases) {
      expect(encodeLine(f, { x: value, i: value })).toBe(`{"x":${asFloat},"i":${asInt}}\n`);
    }
  });
});

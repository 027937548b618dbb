/**
 * One source of truth for an export's shape: a column schema per format, from which the JSON lines, the
 * Hugging Face `dataset_info` features and the Parquet schema are all derived. Readers such as
 * `datasets.load_dataset("json")` infer the types from the first 10 MB and cast the rest to them, and a
 * column that is all null there cannot take a value later. So a row written from this schema has every
 * field, and an absent value is the column's typed empty value — "" for a string, [] for a list, a struct
 * of empties — and null only for numbers and booleans (which the formats keep present wherever they can);
 * every `float` is written with a decimal point (`1.0`, never `1`).
 */
export type Column =
  | { kind: 'string' }
  | { kind: 'float' }
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'list'; of: Column }
  | { kind: 'struct'; fields: Fields };
export type Fields = Record<string, Column>;

export const str: Column = { kind: 'string' };
export const float: Column = { kind: 'float' };
export const int: Column = { kind: 'int' };
export const bool: Column = { kind: 'bool' };
export const list = (of: Column): Column => ({ kind: 'list', of });
export const struct = (fields: Fields): Column => ({ kind: 'struct', fields });

/** A chat turn, as TRL and `datasets` expect it. */
export const message = struct({ role: str, content: str });

/** Serialise one row as a JSON line typed by `fields`: missing fields become null; unknown keys are a bug. */
export function encodeLine(fields: Fields, row: Record<string, unknown>): string {
  return `${lineEncoder(fields)(row)}\n`;
}

/** The value written for an absent field (see the header). */
export function absent(col: Column): unknown {
  switch (col.kind) {
    case 'string':
      return '';
    case 'list':
      return [];
    case 'struct':
      return Object.fromEntries(Object.entries(col.fields).map(([k, c]) => [k, absent(c)]));
    default:
      return null;
  }
}

// The writer, compiled once per column schema: each struct's `"key":` fragments and each column's absent
// value are encoded once, not on every row (exports write millions of lines).
type Encode = (value: unknown) => string;

const compiled = new WeakMap<Fields, Encode>();

/** The encoder of a row typed by `fields`, built on first use and kept with the schema. */
export function lineEncoder(fields: Fields): Encode {
  let encode = compiled.get(fields);
  if (!encode) compiled.set(fields, (encode = structEncoder(fields, '')));
  return encode;
}

function structEncoder(fields: Fields, path: string): Encode {
  const entries = Object.entries(fields).map(([key, col], i) => ({
    key,
    prefix: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:`,
    encode: valueEncoder(col, `${path}${key}.`),
  }));
  return (value) => {
    const row = value as Record<string, unknown>;
    let out = '{';
    let declared = 0;
    for (const e of entries) {
      const v = row[e.key];
      if (v !== undefined) declared++;
      out += e.prefix + e.encode(v);
    }
    // Every key of the row was a declared one with a value, unless it has more keys than that: then look
    // for the undeclared one (a key set to undefined also lands here, and passes). Counting is cheaper
    // than a lookup per key, on millions of lines.
    let keys = 0;
    for (const _ in row) keys++;
    if (keys > declared) for (const key in row) if (!(key in fields)) throw new Error(`export row has an undeclared field ${path}${key}`);
    return `${out}}`;
  };
}

function valueEncoder(col: Column, path: string): Encode {
  const present = presentEncoder(col, path);
  const empty = absent(col);
  const whenAbsent = empty === null ? 'null' : present(empty);
  return (value) => (value === null || value === undefined ? whenAbsent : present(value));
}

function presentEncoder(col: Column, path: string): Encode {
  switch (col.kind) {
    case 'float':
      return (value) => {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n)) return 'null';
        // An integer below 1e21 prints without a point; from 1e21 up it prints as 1e+21, already a float.
        return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
      };
    case 'int':
      return (value) => (Number.isInteger(value) ? String(value) : String(Math.trunc(Number(value))));
    case 'bool':
      return (value) => (value ? 'true' : 'false');
    case 'string':
      return (value) => JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
    case 'list': {
      const item = valueEncoder(col.of, path);
      return (value) => {
        const items = value as unknown[];
        let out = '[';
        for (let i = 0; i < items.length; i++) out += (i > 0 ? ',' : '') + item(items[i]);
        return `${out}]`;
      };
    }
    case 'struct':
      return structEncoder(col.fields, path);
  }
}

type Feature = Record<string, unknown> | Feature[] | { [k: string]: Feature };

/** The `features` of a `dataset_info.json` (the `datasets.Features` JSON form). */
export function featuresJson(fields: Fields): Record<string, Feature> {
  return Object.fromEntries(Object.entries(fields).map(([k, c]) => [k, featureJson(c)]));
}

function featureJson(col: Column): Feature {
  switch (col.kind) {
    case 'list':
      return { feature: featureJson(col.of), _type: 'List' };
    case 'struct':
      return featuresJson(col.fields);
    default:
      return { dtype: DTYPE[col.kind], _type: 'Value' };
  }
}

const DTYPE = { string: 'string', float: 'float64', int: 'int64', bool: 'bool' } as const;

/** The same features in the dataset card's YAML form (`dataset_info.features`). */
export function featuresYaml(fields: Fields): Record<string, unknown>[] {
  return Object.entries(fields).map(([name, col]) => ({ name, ...featureYaml(col) }));
}

function featureYaml(col: Column): Record<string, unknown> {
  switch (col.kind) {
    case 'list':
      return col.of.kind === 'struct'
        ? { list: featuresYaml(col.of.fields) }
        : { list: DTYPE[col.of.kind as keyof typeof DTYPE] ?? featureYaml(col.of) };
    case 'struct':
      return { struct: featuresYaml(col.fields) };
    default:
      return { dtype: DTYPE[col.kind] };
  }
}

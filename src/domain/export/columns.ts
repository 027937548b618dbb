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
  return `${encodeStruct(fields, row, '')}\n`;
}

function encodeStruct(fields: Fields, value: Record<string, unknown>, path: string): string {
  for (const key of Object.keys(value)) {
    if (!(key in fields)) throw new Error(`export row has an undeclared field ${path}${key}`);
  }
  const parts = Object.entries(fields).map(([key, col]) => `${JSON.stringify(key)}:${encodeValue(col, value[key], `${path}${key}.`)}`);
  return `{${parts.join(',')}}`;
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

function encodeValue(col: Column, value: unknown, path: string): string {
  if (value === null || value === undefined) {
    const empty = absent(col);
    return empty === null ? 'null' : encodeValue(col, empty, path);
  }
  switch (col.kind) {
    case 'float': {
      const n = Number(value);
      if (!Number.isFinite(n)) return 'null';
      const text = String(n);
      return /[.eE]/.test(text) ? text : `${text}.0`; // 1e+21 already reads as a float
    }
    case 'int':
      return String(Math.trunc(Number(value)));
    case 'bool':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
    case 'list':
      return `[${(value as unknown[]).map((v) => encodeValue(col.of, v, path)).join(',')}]`;
    case 'struct':
      return encodeStruct(col.fields, value as Record<string, unknown>, path);
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

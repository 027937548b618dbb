/**
 * What a reader can tell from JSON answers, for the gold-indistinguishability tests: every leaf by path,
 * the shape (leaf paths and their types, without values), and how the values moved between two reads.
 */
export type Json = unknown;

/** Every leaf of a JSON value by path. */
export function leaves(value: Json, path = '', out = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, Json>)) leaves(v, `${path}.${k}`, out);
  } else out.set(path, value);
  return out;
}

/** The shape of a JSON value: its leaf paths and their types. */
export const shape = (value: Json): string =>
  [...leaves(value)]
    .map(([p, v]) => `${p}:${v === null ? 'null' : typeof v}`)
    .sort()
    .join(' ');

/** How the readable values moved: numbers by how much, anything else as "changed". */
export function delta(before: Map<string, Json>, after: Map<string, Json>): string {
  const out: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    if (a === b) continue;
    out.push(typeof a === 'number' && typeof b === 'number' ? `${key}${b - a > 0 ? '+' : ''}${b - a}` : `${key} changed`);
  }
  return out.sort().join(' ');
}

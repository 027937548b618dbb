/**
 * Size and shape caps on an import line, checked before anything else looks at it: imported text is
 * untrusted, and one huge line or value would otherwise stall the server and reach tutors whole.
 * Defaults are generous for real tasks (a long code review, a multi-turn dialogue) and documented in
 * docs/api.md; the CLI (`--max-line-bytes`, `--max-field-bytes`, `--field-limit`) and `serve`
 * (TUTORLOOP_IMPORT_MAX_LINE_BYTES, TUTORLOOP_IMPORT_MAX_FIELD_BYTES) can change them.
 */
export interface ImportLimits {
  /** Bytes (UTF-8) in one line. */
  maxLineBytes: number;
  /** Bytes (UTF-8) in any one text value of a line, e.g. `prompt` or `responses.1.text`. */
  maxFieldBytes: number;
  /** Per top-level field, overriding maxFieldBytes for every text value under it, e.g. `{ meta: 65536 }`. */
  fieldBytes?: Record<string, number>;
  /** Nesting of arrays and objects (a line's own object is depth 1). */
  maxDepth: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxLineBytes: 1024 * 1024, maxFieldBytes: 256 * 1024, maxDepth: 32 };

export function importLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  for (const key of ['maxLineBytes', 'maxFieldBytes', 'maxDepth'] as const) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1)
      throw new RangeError(`${key} must be a positive whole number, not ${limits[key]}`);
  }
  for (const [field, cap] of Object.entries(limits.fieldBytes ?? {})) {
    if (!Number.isSafeInteger(cap) || cap < 1)
      throw new RangeError(`the limit for ${field} must be a positive whole number of bytes, not ${cap}`);
  }
  return limits;
}

/** UTF-8 length of `s`, computed only when its UTF-16 length leaves the answer open. */
export function overBytes(s: string, cap: number): boolean {
  if (s.length > cap) return true; // every UTF-16 unit is at least one byte
  if (s.length * 3 <= cap) return false; // and at most three
  return Buffer.byteLength(s, 'utf8') > cap;
}

export interface ShapeProblem {
  field?: string;
  message: string;
}

/**
 * The first text value over its cap, or the first place nested deeper than `maxDepth`, named by its
 * path (`responses.1.text`). The walk stops at maxDepth, so its own recursion stays shallow.
 */
export function checkShape(value: unknown, limits: ImportLimits): ShapeProblem | null {
  const walk = (v: unknown, depth: number, cap: number, path: string): ShapeProblem | null => {
    if (typeof v === 'string') {
      return overBytes(v, cap) ? { field: path, message: `text longer than ${cap} bytes (the per-field limit)` } : null;
    }
    if (typeof v !== 'object' || v === null) return null;
    if (depth > limits.maxDepth) return { field: path, message: `nested deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], depth + 1, cap, `${path}.${i}`);
        if (p) return p;
      }
      return null;
    }
    for (const key in v) {
      const p = walk(
        (v as Record<string, unknown>)[key],
        depth + 1,
        depth === 1 ? (limits.fieldBytes?.[key] ?? cap) : cap,
        path ? `${path}.${key}` : key,
      );
      if (p) return p;
    }
    return null;
  };
  return walk(value, 1, limits.maxFieldBytes, '');
}

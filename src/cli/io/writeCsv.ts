/** CSV output for the quality commands: RFC 4180 quoting, written in one go to a file or stdout. */
import { writeFileSync } from 'node:fs';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Number text rounded to 6 decimals (6 significant digits for large magnitudes); '' for NaN. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return Math.abs(x) >= 1e6 ? String(Number(x.toPrecision(6))) : String(Math.round(x * 1e6) / 1e6);
}

/**
 * Writes header + `count` rows to `out`, or to stdout when `out` is undefined. `row(i)` returns
 * the already-formatted fields of row i (quoted here when needed). One string, one write.
 */
export function writeCsv(out: string | undefined, header: readonly string[], count: number, row: (i: number) => readonly string[]): void {
  let text = header.map(csvField).join(',') + '\n';
  for (let i = 0; i < count; i++) {
    const fields = row(i);
    let line = csvField(fields[0]);
    for (let f = 1; f < fields.length; f++) line += ',' + csvField(fields[f]);
    text += line + '\n';
  }
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

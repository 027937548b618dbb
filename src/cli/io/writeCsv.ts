/** CSV output for the quality commands: RFC 4180 quoting, written in one go to a file or stdout. */
import { writeFileSync } from 'node:fs';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Compact number text: up to 6 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return Number(x.toPrecision(6)).toString();
}

/** Writes header + rows to `out`, or to stdout when `out` is undefined. */
export function writeCsv(out: string | undefined, header: readonly string[], rows: Iterable<readonly string[]>): void {
  const chunks: string[] = [header.map(csvField).join(',')];
  for (const row of rows) chunks.push(row.map(csvField).join(','));
  const text = chunks.join('\n') + '\n';
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

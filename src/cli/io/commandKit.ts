/**
 * What the account and project commands share: a service context over the chosen database,
 * output as text or one JSON object (--json), and option parsers whose errors are usage errors (exit 2).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { UserInputError } from '../../domain/errors.js';
import { serviceContext, type ServiceContext } from '../../services/context.js';
import { openCliStore } from '../commands/init.js';

export const DB_OPTION = ['--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)'] as const;

/** Runs `work` over the database named by --db, closing it however the work ends. */
export async function withContext<T>(db: string | undefined, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const store = await openCliStore(db);
  try {
    return await work(serviceContext(store));
  } finally {
    await store.close();
  }
}

/** Prints `value` as one JSON line with --json, else the text. */
export function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** Rows as aligned columns under a header. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return Number(value);
}

export function decimal(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

/** `a,b , c` → ['a', 'b', 'c']. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A YAML or JSON file holding one object (a project's settings), for fields no flag covers. */
export function readObjectFile(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new UserInputError(`not YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: path });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserInputError('expected an object of settings', { file: path });
  return value as Record<string, unknown>;
}

/** Drops the keys whose value is undefined, so flags not given do not override the file. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

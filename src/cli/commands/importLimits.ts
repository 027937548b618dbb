/**
 * Import caps from the command line (`tutorloop import`) and the environment (`serve`), parsed in one
 * place so both say the same things the same way (docs/api.md "Import limits").
 */
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import type { ImportLimits } from '../../services/imports/limits.js';
import type { ImportServerOptions } from '../../server/types.js';

function bytes(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UserInputError(`${name} must be a positive whole number of bytes, not "${value}"`, { field: name });
  return n;
}

/** `--field-limit meta=65536`, repeatable: a cap for every text value under one top-level field. */
function fieldLimit(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z_][\w]*)=(.+)$/.exec(value);
  if (!m) throw new UserInputError(`--field-limit takes FIELD=BYTES (e.g. meta=65536), not "${value}"`, { field: 'field-limit' });
  return { ...previous, [m[1]]: bytes(m[2], `--field-limit ${m[1]}`) };
}

export function addImportLimitOptions(command: Command): Command {
  return command
    .option('--max-line-bytes <n>', 'refuse lines longer than this many bytes (default 1048576)', (v) => bytes(v, '--max-line-bytes'))
    .option('--max-field-bytes <n>', 'refuse any text value longer than this many bytes (default 262144)', (v) =>
      bytes(v, '--max-field-bytes'),
    )
    .option('--field-limit <field=bytes>', 'a cap for one top-level field, e.g. meta=65536 (repeatable)', fieldLimit);
}

export function importLimitsFromOptions(opts: {
  maxLineBytes?: number;
  maxFieldBytes?: number;
  fieldLimit?: Record<string, number>;
}): Partial<ImportLimits> {
  return { maxLineBytes: opts.maxLineBytes, maxFieldBytes: opts.maxFieldBytes, fieldBytes: opts.fieldLimit };
}

/** TUTORLOOP_IMPORT_MAX_LINE_BYTES, _MAX_FIELD_BYTES, _MAX_BODY_BYTES, _IDLE_TIMEOUT_MS: unset ones keep their defaults. */
export function importLimitsFromEnv(env: NodeJS.ProcessEnv): ImportServerOptions {
  const read = (name: string) => (env[name] ? bytes(env[name]!, name) : undefined);
  return {
    maxBodyBytes: read('TUTORLOOP_IMPORT_MAX_BODY_BYTES'),
    idleTimeoutMs: read('TUTORLOOP_IMPORT_IDLE_TIMEOUT_MS'),
    lineLimits: { maxLineBytes: read('TUTORLOOP_IMPORT_MAX_LINE_BYTES'), maxFieldBytes: read('TUTORLOOP_IMPORT_MAX_FIELD_BYTES') },
  };
}

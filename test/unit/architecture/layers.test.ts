/**
 * The layer rules of .dependency-cruiser.cjs, run over the real tree (zero violations allowed) and
 * over a fixture with known breaches (so a rule that silently stopped matching fails here too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(import.meta.dirname, 'fixture');
/** Cruising the whole tree parses every module with TypeScript: seconds alone, longer on a busy machine. */
const CRUISE_TIMEOUT_MS = 120_000;

async function violationsIn(baseDir: string, paths: string[]): Promise<IViolation[]> {
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))), baseDir };
  const tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
  const { output } = await cruise(paths, options, {}, { tsConfig });
  return (output as ICruiseResult).summary.violations;
}

/**
 * Kysely's query builders, raw `sql` templates and the drivers' own handles: writing SQL. Passing
 * `ctx.store` (or a transaction) on to a repository is not.
 */
const WRITES_SQL =
  /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)\(|\bsql(<[^>]*>)?`|\.prepare\(|\bpgPool\b|\.sqlite\b/;
/** Branching on the database: that difference belongs in store/, behind one function. */
const CHECKS_DIALECT = /\bdialect\s*[!=]==/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `file:line: text` for every line outside store/ that writes SQL or asks which database it is on. */
function sqlOutsideStore(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const path = relative(ROOT, file);
    if (path.startsWith('src/store/')) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (WRITES_SQL.test(line) || CHECKS_DIALECT.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

function describeViolation(v: IViolation): string {
  const cycle = v.cycle ? ` (cycle: ${v.cycle.map((step) => step.name).join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it(
    'the source tree and the web app break none of them',
    async () => {
      const violations = await violationsIn(ROOT, ['src', 'web/src']);
      // The message lists every breach, one a line, so CI output says what to fix.
      expect(violations.map(describeViolation).join('\n'), 'layer rule violations').toBe('');
    },
    CRUISE_TIMEOUT_MS,
  );

  it('SQL is written only in store/ (query builders, raw sql, driver handles, dialect checks)', () => {
    expect(sqlOutsideStore().join('\n'), 'SQL outside src/store/').toBe('');
  });

  it('the SQL scan recognises each way of writing SQL', () => {
    const lines = [
      "await db.selectFrom('tasks').selectAll().execute()",
      "await trx.insertInto('audit_log').values(row).execute()",
      'sql<number>`count(*)`',
      'sql`now()`',
      'store.sqlite.prepare(text)',
      'await store.pgPool.query(text)',
      "if (ctx.store.dialect === 'sqlite') {",
    ];
    expect(lines.filter((line) => !WRITES_SQL.test(line) && !CHECKS_DIALECT.test(line))).toEqual([]);
    expect(WRITES_SQL.test('await findTasks(ctx.store.db, projectId)')).toBe(false);
  });

  it(
    'they report each known breach in a fixture, and nothing that is allowed',
    async () => {
      const violations = await violationsIn(FIXTURE, ['src', 'web/src']);
      const found = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
      expect(found).toEqual(
        [
          'no-circular: src/domain/cycleA.ts → src/domain/cycleB.ts',
          'quality-imports-only-domain: src/quality/leaky.ts → src/store/rows.ts',
          'server-never-imports-store: src/server/route.ts → src/store/rows.ts',
          'web-imports-only-domain-types: web/src/page.ts → src/quality/leaky.ts',
          'web-imports-src-type-only: web/src/page.ts → src/quality/leaky.ts',
        ].sort(),
      );
    },
    CRUISE_TIMEOUT_MS,
  );
});

// Adds up vitest's JSON reports into the one closing line CI reads: `N passed, N failed, N skipped`.
// A suite whose report is missing (vitest crashed before writing it) counts as one failure.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const firstLine = (text) =>
  (text ?? '')
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.slice(0, 300) ?? '';
let passed = 0,
  failed = 0,
  skipped = 0;
for (const suite of ['unit', 'integration', 'faults', 'consumers', 'e2e']) {
  const file = join(dir, `${suite}.json`);
  if (!existsSync(file)) {
    console.log(`${suite}: no report (the run crashed)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests,
    f = r.numFailedTests,
    s = r.numPendingTests + (r.numTodoTests ?? 0);
  // A file that fails to load has no tests in it; count it as a failure so it cannot pass silently.
  const brokenFiles = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  console.log(`${suite}: ${p} passed, ${f + brokenFiles} failed, ${s} skipped`);
  // Name every failure here, at the end, where a truncated CI log still shows it.
  for (const file of r.testResults) {
    const where = file.name.replace(`${process.cwd()}/`, '');
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      console.log(`  failed to load: ${where}: ${firstLine(file.message)}`);
    }
    for (const t of file.assertionResults.filter((a) => a.status === 'failed')) {
      console.log(`  failed: ${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
  }
  passed += p;
  failed += f + brokenFiles;
  skipped += s;
}
// Checks that are not vitest suites (typecheck, lint): one failure each.
const checks = join(dir, 'checks.failed');
if (existsSync(checks)) {
  const names = readFileSync(checks, 'utf8').split('\n').filter(Boolean);
  for (const name of names) console.log(`check failed: ${name}`);
  failed += names.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

/**
 * The aggregate / rank / agreement commands, run as a user would: the real CLI entry
 * (src/cli/main.ts) bundled once with esbuild, then executed with node in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, sharedDataDir } from '../../support/sharedData.js';

const root = resolve(import.meta.dirname, '../../..');
// Next to dist/cli.js so `--packages=external` imports resolve from the repo's node_modules.
const bundle = join(root, 'dist', `quality-cli-test-${process.pid}.mjs`);
let dir = '';

beforeAll(async () => {
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
  dir = mkdtempSync(join(tmpdir(), 'tutorloop-quality-cli-'));
}, 60_000);
afterAll(() => {
  rmSync(bundle, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in a child process; async so the tests of a describe block can run concurrently. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [bundle, ...args], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}
let fileCount = 0;
/** Writes a fresh file (unique name: tests run concurrently) and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, `${fileCount++}-${name}`);
  writeFileSync(path, text);
  return path;
}

describe.concurrent('tutorloop aggregate', () => {
  it('writes task,label,confidence with the default method, handling quoted fields and CRLF', async () => {
    const labels = file('labels.csv', 'worker,task,label\r\na,"t,1",yes\r\nb,"t,1",yes\r\nc,"t,1",no\r\na,t2,no\r\nb,t2,no\r\n');
    const { code, stdout } = await run('aggregate', labels);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('task,label,confidence');
    // A probability: Dawid–Skene-family defaults (hds, like ds) can be certain on a toy crowd this small.
    expect(lines[1]).toMatch(/^"t,1",yes,(0\.\d+|1)$/);
    expect(lines[2]).toMatch(/^t2,no,/);
  });

  it('--method auto says on stderr which method it chose and why', async () => {
    const rows = ['worker,task,label'];
    for (let t = 0; t < 40; t++)
      for (const w of ['a', 'b', 'c', 'd']) rows.push(`${w},t${t},${w === 'd' && t % 3 === 0 ? 'no' : t % 2 ? 'yes' : 'no'}`);
    const { code, stdout, stderr } = await run('aggregate', file('auto.csv', rows.join('\n') + '\n'), '--method', 'auto');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^auto chose (mv|ds|mace|hds|ebcc|bwa): .*40 held-out labels/m);
    expect(stdout.trim().split('\n')).toHaveLength(41);
  });

  it('prints accuracy on gold tasks and writes --out', async () => {
    const labels = file('l2.csv', 'worker,task,label\na,x,1\nb,x,1\na,y,0\nb,y,1\nc,y,0\n');
    const gold = file('g2.csv', 'task,label\nx,1\ny,1\n');
    const out = join(dir, 'out.csv');
    const { code, stdout } = await run('aggregate', labels, '--method', 'mv', '--gold', gold, '--out', out);
    expect(code).toBe(0);
    // x: 1,1 → 1 (right); y: 0,1,0 → 0 (wrong).
    expect(stdout).toMatch(/accuracy on 2 gold tasks: 0\.5000/);
    const tie = await run(
      'aggregate',
      file('tie.csv', 'worker,task,label\na,x,1\nb,x,0\n'),
      '--method',
      'mv',
      '--gold',
      file('tg.csv', 'task,label\nx,1\n'),
    );
    expect(tie.stderr).toMatch(/counting the 1 tied tasks 1\/k: 0\.5000/);
    const clamped = await run('aggregate', labels, '--method', 'mv', '--gold', gold, '--clamp-gold');
    expect(clamped.stderr).toMatch(/accuracy on 2 gold tasks: 1\.0000.*gold clamped/);
  });

  it('aggregates numeric ratings with mean and an interval', async () => {
    const labels = file('n.csv', 'worker,task,label\na,x,1\nb,x,3\na,y,10\nb,y,12\n');
    const { code, stdout } = await run('aggregate', labels, '--method', 'mean');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual(['task,label,lower,upper', expect.stringMatching(/^x,2,-10\.\d+,14\.\d+$/)]);
  });

  it.each([
    ['missing column', 'worker,task\na,x\n', [], /line 1.*missing column label/],
    ['empty file', '', [], /line 1.*file is empty/],
    ['header only', 'worker,task,label\n', [], /no data rows/],
    ['wrong field count', 'worker,task,label\na,x,1\nb,y\n', [], /line 3.*expected 3 fields, found 2/],
    ['empty value', 'worker,task,label\na,x,1\n,y,1\n', [], /line 3.*empty worker/],
    ['non-numeric rating', 'worker,task,label\na,x,1\nb,x,high\n', ['--method', 'median'], /line 3.*label must be a number, got "high"/],
    ['unknown method', 'worker,task,label\na,x,1\n', ['--method', 'magic'], /unknown method "magic"/],
  ])('fails with exit code 2 on %s', async (_name, text, extra, message) => {
    const { code, stderr } = await run('aggregate', file('bad.csv', text), ...extra);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).toMatch(message);
  });

  it('fails with exit code 2 on a missing file', async () => {
    const { code, stderr } = await run('aggregate', join(dir, 'nope.csv'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read file/);
  });

  it.skipIf(!hasSharedData)('reproduces Dawid–Skene accuracy on the sentiment set', async () => {
    const set = join(sharedDataDir, 'crowd', 'sentiment');
    const { code, stdout } = await run(
      'aggregate',
      join(set, 'labels.csv'),
      '--method',
      'ds',
      '--gold',
      join(set, 'gold.csv'),
      '--out',
      join(dir, 's.csv'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^accuracy on 1000 gold tasks: 0\.9600 /);
  });
});

describe.concurrent('tutorloop rank', () => {
  const comparisons = 'worker,left,right,label\nw1,a,b,a\nw2,a,b,a\nw1,b,c,b\nw2,a,c,a\nw3,c,b,b\n';
  it('writes item,score,lower,upper,rank, best first, with bootstrap intervals', async () => {
    const { code, stdout } = await run('rank', file('c.csv', comparisons), '--method', 'bt', '--bootstrap', '50', '--seed', '3');
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toBe('item,score,lower,upper,rank');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['a', 'b', 'c']);
    const [, score, lower, upper, rank] = rows[1].split(',');
    expect(Number(lower)).toBeLessThanOrEqual(Number(score));
    expect(Number(upper)).toBeGreaterThanOrEqual(Number(score));
    expect(rank).toBe('1');
    expect((await run('rank', file('c.csv', comparisons), '--method', 'bt', '--bootstrap', '50', '--seed', '3')).stdout).toBe(stdout);
  });
  it.each(['noisybt', 'elo'])('runs %s', async (method) => {
    const { code, stdout } = await run('rank', file('c.csv', comparisons), '--method', method);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(4);
  });
  it('rejects a winner that is neither left nor right, naming the line', async () => {
    const { code, stderr } = await run('rank', file('c2.csv', 'worker,left,right,label\nw1,a,b,a\nw1,a,b,z\n'), '--method', 'bt');
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 3.*label "z" must name the winner/);
  });
});

describe.concurrent('tutorloop agreement', () => {
  // Krippendorff (2011) worked example as worker,task,label rows (α interval = 0.849).
  const matrix = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const rows = ['worker,task,label'];
  matrix.forEach((r, o) => r.forEach((v, u) => v !== null && rows.push(`obs${o},unit${u},${v}`)));
  it('prints Krippendorff alpha with its interval', async () => {
    const { code, stdout } = await run(
      'agreement',
      file('k.csv', rows.join('\n')),
      '--metric',
      'krippendorff',
      '--level',
      'interval',
      '--bootstrap',
      '200',
    );
    expect(code).toBe(0);
    const [header, line] = stdout.trim().split('\n');
    expect(header).toBe('metric,level,value,lower,upper,units');
    const [metric, level, value, lower, upper, units] = line.split(',');
    expect([metric, level, units]).toEqual(['krippendorff', 'interval', '11']);
    expect(Number(value)).toBeCloseTo(0.849, 3);
    expect(Number(lower)).toBeLessThan(Number(value));
    expect(Number(upper)).toBeLessThanOrEqual(1);
  });
  it('needs numbers for interval data, naming the line', async () => {
    const { code, stderr } = await run(
      'agreement',
      file('k2.csv', 'worker,task,label\na,x,1\nb,x,two\n'),
      '--metric',
      'krippendorff',
      '--level',
      'interval',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 3.*label must be a number/);
  });
  it('refuses Cohen with more than two raters', async () => {
    const { code, stderr } = await run('agreement', file('k.csv', rows.join('\n')), '--metric', 'cohen');
    expect(code).toBe(2);
    expect(stderr).toMatch(/exactly two raters/);
  });
});

/**
 * `tutorloop simulate`, run as a user would: the real CLI entry bundled once with esbuild, then
 * executed with node in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bundle = join(root, 'dist', `simulate-cli-test-${process.pid}.mjs`);
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
  dir = mkdtempSync(join(tmpdir(), 'tutorloop-simulate-cli-'));
}, 60_000);
afterAll(() => {
  rmSync(bundle, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scenario = `name: cli
seed: 3
tasks:
  - { type: preference, domain: law, count: 20 }
workforce:
  - name: g
    tier: generalist
    count: 5
    accuracy: { default: { mean: 0.8, sd: 0.05 } }
    speed: { medianSeconds: 30 }
    pay: { model: per_task, rate: 25 }
project: { overlap: 3 }
`;

describe('tutorloop simulate', () => {
  it('writes the result JSON (--out and --json agree) and a seed override changes it', () => {
    const file = join(dir, 's.yaml'),
      out = join(dir, 'r.json');
    writeFileSync(file, scenario);
    const r = run('simulate', file, '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout),
      written = JSON.parse(readFileSync(out, 'utf8'));
    expect(printed).toEqual(written);
    expect(printed).toMatchObject({ scenario: 'cli', seed: 3, judgments: 60, costCents: 60 * 25, stoppedBy: 'no work' });
    const other = JSON.parse(run('simulate', file, '--json', '--seed', '4').stdout);
    expect(other.seed).toBe(4);
    expect(other.curve).not.toEqual(printed.curve);
  });

  it('prints a summary without --json', () => {
    const file = join(dir, 's2.yaml');
    writeFileSync(file, scenario);
    const r = run('simulate', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy vs hidden truth: \d+\.\d% .* on 20 of 20 tasks/);
    expect(r.stdout).toMatch(/cost: \$15\.00/);
  });

  it('a bad scenario exits 2 naming the line and field', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, scenario.replace('count: 5', 'count: five'));
    const r = run('simulate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml, line 8, field workforce\.0\.count/);
    writeFileSync(file, 'name: [unclosed\n');
    const y = run('simulate', file);
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/invalid YAML/);
    expect(run('simulate', file, '--seed', 'x').code).toBe(2);
  });
});

describe('tutorloop report', () => {
  it('writes report.md and SVG charts for simulation results', () => {
    const file = join(dir, 'r.yaml'),
      out = join(dir, 'res.json'),
      rep = join(dir, 'report');
    writeFileSync(file, scenario);
    expect(run('simulate', file, '--out', out).code).toBe(0);
    const r = run('report', '--simulation', out, out, '--out', rep, '--title', 'Two runs');
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(rep, 'report.md'), 'utf8');
    expect(md).toMatch(/^# Two runs/);
    expect(md.match(/^\| cli \| \d+\.\d% \(/gm)).toHaveLength(2);
    expect(readFileSync(join(rep, 'accuracy-vs-cost.svg'), 'utf8')).toMatch(/^<svg/);
    const bad = run('report', '--simulation', file, '--out', rep);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not JSON/);
  });
});

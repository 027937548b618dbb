/**
 * The consumers' Python: a virtual environment under the build folder (`.cache/pyenv`, git-ignored, reused
 * when present) with datasets, pyarrow, pandas, trl, transformers and torch from the machine's configured pip
 * (a local wheel mirror on these machines). When pip cannot install them the suite is skipped with the
 * reason, except under CI=true, where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const VENV = join(ROOT, '.cache', 'pyenv');
export const PYTHON = join(VENV, 'bin', 'python');
const PACKAGES = ['datasets', 'pyarrow', 'pandas', 'trl', 'transformers', 'torch'];
const IMPORTS = 'import datasets, pyarrow, pandas, trl, transformers, torch, tokenizers';

export function ensurePython(): { ok: true } | { ok: false; reason: string } {
  const ready = () => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', IMPORTS]).status === 0;
  if (ready()) return { ok: true };
  const venv = spawnSync('python3', ['-m', 'venv', VENV], { encoding: 'utf8' });
  if (venv.status !== 0)
    return { ok: false, reason: `python3 -m venv failed: ${(venv.stderr || venv.error?.message || '').trim().slice(-400)}` };
  // Retries only slow down a mirror-only machine, where the default index is unreachable.
  const pip = spawnSync(join(VENV, 'bin', 'pip'), ['install', '-q', ...PACKAGES], {
    encoding: 'utf8',
    env: { ...process.env, PIP_RETRIES: '0', PIP_TIMEOUT: '5', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    timeout: 20 * 60_000,
  });
  if (pip.status !== 0 || !ready())
    return {
      ok: false,
      reason: `pip install ${PACKAGES.join(' ')} failed: ${(pip.stderr || pip.error?.message || '').trim().slice(-600)}`,
    };
  return { ok: true };
}

/** Run a script under test/consumers/py and parse the JSON it prints last. */
export function runPython(script: string, args: string[], timeoutMs: number): Record<string, any> {
  const r = spawnSync(PYTHON, [join(import.meta.dirname, 'py', script), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HF_HUB_OFFLINE: '1', HF_DATASETS_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
  });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${(r.stderr ?? '').slice(-3000)}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Record<string, any>;
}

import { defineConfig } from 'vitest/config';

// Three suites, run separately by scripts/test.sh so each can get its own environment:
// unit (pure code), integration (real SQLite and PostgreSQL), faults (crash and fault injection), e2e (real server + headless Chromium).
// The server key that seals stored secrets (services/secrets/): fixed for tests, so no test writes a key file
// into the home folder; the servers and CLIs the tests spawn inherit it.
process.env.TUTORLOOP_SECRET_KEY ??= '7e57'.repeat(16);

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      // Faults: crashes, database restarts, full disks, fuzzed imports (real processes and databases); bounded to minutes.
      {
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 180_000, fileParallelism: false },
      },
      // Consumers: the exports read by Python's datasets, pyarrow, pandas and TRL (a cached venv under .cache/pyenv).
      {
        test: {
          name: 'consumers',
          include: ['test/consumers/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 1_200_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});

/** The demo credentials as a table for the terminal (the same list is in the README). */
import { DEMO_ACCOUNTS } from './accounts.js';

export function demoCredentialsTable(): string {
  const rows = DEMO_ACCOUNTS.map((a) => [a.email, a.password, a.persona]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return [
    'Demo accounts (demo-only passwords: never use them on a real deployment):',
    ...rows.map((r) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`),
  ].join('\n');
}

/**
 * CPU time spent by the server and by the database per request, read from /proc (Linux; both on this
 * machine). On a machine shared with other jobs the throughput moves with their load; the CPU a
 * request costs moves far less, so it is the figure to compare A/B runs by.
 */
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process in ms, null when it is gone or not on this machine. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) out.push(...list.split(' ').map(Number));
    }
  } catch {
    // gone meanwhile
  }
  return out;
}

/** CPU ms of a process and all its descendants (`serve --workers N` forks workers). */
export function treeCpuMs(pid: number): number {
  let total = processCpuMs(pid) ?? 0;
  for (const child of childrenOf(pid)) total += treeCpuMs(child);
  return total;
}

/**
 * CPU ms of the database's backends serving `database` (null when the server is not on this machine
 * or its processes cannot be read). A backend that exits during a run takes its CPU with it.
 */
export async function databaseCpuMs(adminUrl: string, database: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
    const own = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // Our own backend is not readable: the database runs elsewhere (another host, a container).
    if (processCpuMs(own.rows[0].pid) === null) return null;
    return r.rows.reduce((sum, row) => sum + (processCpuMs(row.pid) ?? 0), 0);
  } finally {
    await c.end();
  }
}

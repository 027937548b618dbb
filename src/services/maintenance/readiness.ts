/**
 * Readiness for orchestrators: the database answers within `timeoutMs`. A database that does not
 * answer in time fails like one that cannot be reached (ETIMEDOUT), so the server maps it to 503.
 */
import { pingDatabase } from '../../store/health.js';
import type { ServiceContext } from '../context.js';

export async function checkDatabaseReady(ctx: ServiceContext, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout exceeded when trying to connect'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([pingDatabase(ctx.store), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

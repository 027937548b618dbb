/**
 * Where ../shared/data lives. Tests that need it skip with a reason when it is absent,
 * except under CI=true, where its absence is a failure.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const sharedDataDir: string = resolve(process.env.TUTORLOOP_SHARED_DATA ?? resolve(import.meta.dirname, '../../../shared/data'));
export const hasSharedData: boolean = existsSync(sharedDataDir);

if (!hasSharedData && process.env.CI === 'true') {
  throw new Error(`CI=true but the shared data directory is missing: ${sharedDataDir}`);
}

export const sharedDataSkipReason = hasSharedData ? null : `shared data not found at ${sharedDataDir}`;

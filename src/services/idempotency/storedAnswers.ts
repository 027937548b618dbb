/**
 * The answers kept for writes sent with an `Idempotency-Key` (the HTTP side is server/idempotency.ts):
 * looked up before a write runs, kept after it commits, scoped to the user who sent them.
 */
import { findStoredAnswer, storeAnswer, type StoredAnswer } from '../../store/repositories/idempotency.js';
import type { ServiceContext } from '../context.js';

export type { StoredAnswer };

export function findIdempotentAnswer(ctx: ServiceContext, userId: number, key: string): Promise<StoredAnswer | null> {
  return findStoredAnswer(ctx.store.db, userId, key);
}

export function keepIdempotentAnswer(ctx: ServiceContext, userId: number, key: string, answer: StoredAnswer): Promise<void> {
  return storeAnswer(ctx.store.db, userId, key, answer, ctx.now());
}

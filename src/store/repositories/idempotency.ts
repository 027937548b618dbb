/** Stored answers to writes sent with an Idempotency-Key, and the annotation a retried submit stored. */
import type { Db } from '../transaction.js';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: string;
}

export async function findStoredAnswer(db: Db, userId: number, key: string): Promise<StoredAnswer | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'body'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { requestHash: row.request_hash, status: Number(row.status), body: row.body } : null;
}

/** Keeps the first answer when two attempts with one key raced (both did the write; the write itself is idempotent). */
export async function storeAnswer(db: Db, userId: number, key: string, answer: StoredAnswer, now: number): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ user_id: userId, key, request_hash: answer.requestHash, status: answer.status, body: answer.body, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .execute();
}

export async function forgetAnswersBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The annotation first stored for an assignment (a rewrite supersedes it but keeps its assignment). */
export async function annotationOfAssignment(
  db: Db,
  assignmentId: number,
): Promise<{ id: number; userId: number; response: string } | null> {
  const row = await db
    .selectFrom('annotations')
    .select(['id', 'user_id', 'response'])
    .where('assignment_id', '=', assignmentId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, response: row.response } : null;
}

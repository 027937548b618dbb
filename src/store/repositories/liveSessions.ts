/**
 * Live sessions, their asked replies and the projects' live settings (migration 022). A session row
 * changes only through `updateSession`, which compares `version` (optimistic: exact on both databases
 * without row locks); a reply is called only after `claimReplies` moved it to `calling`.
 */
import type { ExpressionBuilder } from 'kysely';
import type { StoredLiveSettings } from '../../domain/live.js';
import type { Database } from '../schema.js';
import type { LiveReplyState, LiveSessionsTable } from '../schemaLive.js';
import type { Db } from '../transaction.js';

export async function liveSettingsOf(db: Db, projectId: number): Promise<StoredLiveSettings | null> {
  const row = await db.selectFrom('live_settings').select('settings').where('project_id', '=', projectId).executeTakeFirst();
  return row ? (JSON.parse(row.settings) as StoredLiveSettings) : null;
}

export async function putLiveSettings(db: Db, projectId: number, settings: StoredLiveSettings, by: number, now: number): Promise<void> {
  await db.deleteFrom('live_settings').where('project_id', '=', projectId).execute();
  await db
    .insertInto('live_settings')
    .values({ project_id: projectId, settings: JSON.stringify(settings), updated_by: by, updated_at: now })
    .execute();
}

export type SessionRow = Omit<LiveSessionsTable, 'id'> & { id: number };

export async function insertSession(db: Db, s: { projectId: number; userId: number; domain: string; messages: string; now: number }) {
  const row = await db
    .insertInto('live_sessions')
    .values({
      project_id: s.projectId,
      user_id: s.userId,
      domain: s.domain,
      state: 'open',
      messages: s.messages,
      rankings: '{}',
      version: 1,
      task_id: null,
      created_at: s.now,
      updated_at: s.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSession(db: Db, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A tutor's sessions in a project, newest first (at most 50). */
export async function sessionsOf(db: Db, projectId: number, userId: number): Promise<SessionRow[]> {
  return db
    .selectFrom('live_sessions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

/** Writes a session's new state if nobody changed it since `version` was read; false when someone did. */
export async function updateSession(
  db: Db,
  id: number,
  version: number,
  set: Partial<Pick<SessionRow, 'messages' | 'rankings' | 'state' | 'task_id'>> & { updated_at: number },
): Promise<boolean> {
  const r = await db
    .updateTable('live_sessions')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ReplySlot {
  replyId: string;
  position: number;
  endpointId: number;
  sample: number;
}

export async function insertReplySlots(db: Db, sessionId: number, turn: number, slots: ReplySlot[]): Promise<void> {
  await db
    .insertInto('live_replies')
    .values(
      slots.map((s) => ({
        session_id: sessionId,
        turn,
        reply_id: s.replyId,
        position: s.position,
        endpoint_id: s.endpointId,
        sample: s.sample,
        state: 'pending' as const,
        claimed_at: null,
        text: null,
        provenance: null,
        error: null,
      })),
    )
    .execute();
}

export interface ReplyRow {
  id: number;
  turn: number;
  replyId: string;
  position: number;
  endpointId: number;
  sample: number;
  state: LiveReplyState;
  text: string | null;
  provenance: string | null;
}

const REPLY_COLUMNS = [
  'id',
  'turn',
  'reply_id as replyId',
  'position',
  'endpoint_id as endpointId',
  'sample',
  'state',
  'text',
  'provenance',
] as const;

/** A session's replies (of one turn, or all), in the order shown. */
export async function repliesOf(db: Db, sessionId: number, turn?: number): Promise<ReplyRow[]> {
  let q = db.selectFrom('live_replies').select(REPLY_COLUMNS).where('session_id', '=', sessionId);
  if (turn !== undefined) q = q.where('turn', '=', turn);
  return q.orderBy('turn').orderBy('position').execute();
}

/**
 * Moves a turn's replies that still need a call (pending, failed, or claimed longer ago than
 * `staleBefore` by a process that died) to `calling`, and returns the ones this caller claimed: two
 * asks at once never call for the same reply.
 */
export async function claimReplies(db: Db, sessionId: number, turn: number, now: number, staleBefore: number): Promise<ReplyRow[]> {
  const needsCall = (eb: ExpressionBuilder<Database, 'live_replies'>) =>
    eb.or([eb('state', 'in', ['pending', 'failed']), eb.and([eb('state', '=', 'calling'), eb('claimed_at', '<', staleBefore)])]);
  const open = await db
    .selectFrom('live_replies')
    .select(REPLY_COLUMNS)
    .where('session_id', '=', sessionId)
    .where('turn', '=', turn)
    .where(needsCall)
    .execute();
  const mine: ReplyRow[] = [];
  for (const r of open) {
    // The same test again, in the update itself: of two claimers, only one changes the row.
    const res = await db
      .updateTable('live_replies')
      .set({ state: 'calling', claimed_at: now })
      .where('id', '=', r.id)
      .where(needsCall)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) mine.push(r);
  }
  return mine;
}

export async function finishReply(
  db: Db,
  id: number,
  outcome: { state: 'done'; text: string; provenance: string } | { state: 'failed'; error: string } | { state: 'pending' },
): Promise<void> {
  await db
    .updateTable('live_replies')
    .set({
      state: outcome.state,
      claimed_at: null,
      ...(outcome.state === 'done' ? { text: outcome.text, provenance: outcome.provenance } : {}),
      ...(outcome.state === 'failed' ? { error: outcome.error } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Stores a finished session's annotation as one submitted assignment, closing the task to routing (one judgment, given live). */
export async function recordLiveAnnotation(
  db: Db,
  a: { taskId: number; projectId: number; userId: number; response: string; durationMs: number; now: number },
): Promise<number> {
  const assignment = await db
    .insertInto('assignments')
    .values({
      task_id: a.taskId,
      project_id: a.projectId,
      user_id: a.userId,
      state: 'submitted',
      leased_at: a.now,
      expires_at: a.now,
      finished_at: a.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const annotation = await db
    .insertInto('annotations')
    .values({
      assignment_id: assignment.id,
      task_id: a.taskId,
      project_id: a.projectId,
      user_id: a.userId,
      response: a.response,
      duration_ms: a.durationMs,
      created_at: a.now,
      supersedes_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('tasks')
    .set((eb) => ({ submitted_count: eb('submitted_count', '+', 1), target_judgments: 1, is_open: 0 }))
    .where('id', '=', a.taskId)
    .execute();
  return annotation.id;
}

export async function taskIdByExternal(db: Db, projectId: number, externalId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('tasks')
    .select('id')
    .where('project_id', '=', projectId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id;
}

export async function externalIdOf(db: Db, taskId: number): Promise<string | undefined> {
  const row = await db.selectFrom('tasks').select('external_id').where('id', '=', taskId).executeTakeFirst();
  return row?.external_id;
}

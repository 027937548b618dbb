/**
 * Finishing a live session: the chat becomes an ordinary `conversation` task (`live-<session>`,
 * through the import, so it is validated like any other), with which endpoint wrote each reply in
 * `meta.live.replies` ("turn:reply" → provenance; exports carry `meta`, tutors never see it), and the
 * tutor's rankings become its one annotation. The task is closed to routing: its judgment was given
 * live. Each step is idempotent (same task id and content: skipped), so a retried finish is safe.
 */
import type { LiveSession } from '../../domain/api/live.js';
import type { ConversationResponse, ConversationTurn } from '../../domain/conversation.js';
import { ConflictError, UserInputError } from '../../domain/errors.js';
import { answeredPart, EDITED_REPLY_ID } from '../../domain/live.js';
import {
  findSession,
  recordLiveAnnotation,
  repliesOf,
  taskIdByExternal,
  updateSession,
  type SessionRow,
} from '../../store/repositories/liveSessions.js';
import { writeTransaction } from '../../store/transaction.js';
import type { Actor, ServiceContext } from '../context.js';
import { importTasks } from '../imports/importTasks.js';
import { liveProject, liveSessionView, ownSession } from './sessions.js';

export const liveTaskId = (sessionId: number) => `live-${sessionId}`;

export async function finishLive(ctx: ServiceContext, actor: Actor, projectId: number, sessionId: number): Promise<LiveSession> {
  await liveProject(ctx, actor, projectId);
  const session = await ownSession(ctx, actor, projectId, sessionId);
  if (session.state === 'finished') return liveSessionView(ctx, session);
  const messages = answeredPart(JSON.parse(session.messages) as ConversationTurn[]);
  if (!messages.some((m) => m.role === 'assistant'))
    throw new UserInputError('ask the models and choose a reply before finishing', { field: 'turn' });
  const rankings = JSON.parse(session.rankings) as Record<string, string[]>;
  const externalId = liveTaskId(session.id);
  await importTasks(ctx, actor, projectId, [JSON.stringify(await taskLine(ctx, session, messages, externalId))], {
    fileName: `live session ${session.id}`,
    format: 'tutorloop',
  });
  const taskId = await taskIdByExternal(ctx.store.db, projectId, externalId);
  if (taskId === undefined) throw new ConflictError(`project ${projectId} already holds another task ${externalId}`);
  const response: ConversationResponse = {
    turns: messages.flatMap((m, i) => (m.role === 'assistant' ? [{ turn: i, ...(m.alternatives ? { order: rankings[i] } : {}) }] : [])),
    firstBadTurn: null,
  };
  await writeTransaction(ctx.store, async (trx) => {
    const finished = await updateSession(trx, session.id, session.version, { state: 'finished', task_id: taskId, updated_at: ctx.now() });
    if (!finished) throw new ConflictError(`live session ${sessionId} changed meanwhile; reload it`);
    await recordLiveAnnotation(trx, {
      taskId,
      projectId,
      userId: actor.id,
      response: JSON.stringify(response),
      durationMs: Math.max(0, ctx.now() - session.created_at),
      now: ctx.now(),
    });
  });
  return liveSessionView(ctx, (await findSession(ctx.store.db, sessionId))!);
}

/** The import line: the chat, and which endpoint wrote each reply (the tutor's edits say so). */
async function taskLine(ctx: ServiceContext, session: SessionRow, messages: ConversationTurn[], id: string) {
  const provenance: Record<string, unknown> = {};
  for (const r of await repliesOf(ctx.store.db, session.id)) {
    if (r.turn < messages.length && r.provenance) provenance[`${r.turn}:${r.replyId}`] = JSON.parse(r.provenance);
  }
  messages.forEach((m, i) => {
    const edit = m.alternatives?.find((a) => a.id === EDITED_REPLY_ID);
    if (edit) provenance[`${i}:${edit.id}`] = { author: 'tutor' };
  });
  return { id, type: 'conversation', domain: session.domain, messages, meta: { live: { session: session.id, replies: provenance } } };
}

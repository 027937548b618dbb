/**
 * The tutor ranks the replies of the turn being asked (best first) and may edit the best; the chat
 * continues from the chosen or edited reply (domain/live.ts `chosenTurn`). Sending the same choice
 * again changes nothing; a different choice for a turn already chosen is a conflict.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LiveSession } from '../../domain/api/live.js';
import { ConflictError, UserInputError } from '../../domain/errors.js';
import type { ConversationTurn } from '../../domain/conversation.js';
import { chosenTurn, orderProblem } from '../../domain/live.js';
import { findSession, repliesOf, updateSession } from '../../store/repositories/liveSessions.js';
import type { Actor, ServiceContext } from '../context.js';
import { liveProject, liveSessionView, ownSession } from './sessions.js';

export async function chooseLive(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  sessionId: number,
  choice: { turn: number; order: string[]; edit?: string },
): Promise<LiveSession> {
  await liveProject(ctx, actor, projectId);
  const session = await ownSession(ctx, actor, projectId, sessionId);
  const messages = JSON.parse(session.messages) as ConversationTurn[];
  const rankings = JSON.parse(session.rankings) as Record<string, string[]>;
  if (choice.turn < messages.length && messages[choice.turn].role === 'assistant' && String(choice.turn) in rankings) {
    if (isDeepStrictEqual(rankings[choice.turn], choice.order) || isDeepStrictEqual(rankings[choice.turn].slice(1), choice.order))
      return liveSessionView(ctx, session);
    throw new ConflictError(`turn ${choice.turn} is already chosen`);
  }
  if (session.state !== 'open') throw new ConflictError(`live session ${sessionId} is finished`);
  if (choice.turn !== messages.length || messages.at(-1)?.role !== 'user')
    throw new ConflictError(`turn ${choice.turn} is not being asked; the chat is at turn ${messages.length}`);
  const asked = await repliesOf(ctx.store.db, session.id, choice.turn);
  if (asked.some((r) => r.state === 'pending' || r.state === 'calling'))
    throw new ConflictError('replies are still coming; ask again to wait for them');
  const replies = asked.filter((r) => r.state === 'done').map((r) => ({ id: r.replyId, text: r.text ?? '' }));
  if (replies.length === 0) throw new ConflictError('no reply came back for this turn; ask again');
  const problem = orderProblem(
    choice.order,
    replies.map((r) => r.id),
  );
  if (problem) throw new UserInputError(problem, { field: 'order' });
  const { turn, order } = chosenTurn({ replies, order: choice.order, edit: choice.edit });
  const stored = await updateSession(ctx.store.db, session.id, session.version, {
    messages: JSON.stringify([...messages, turn]),
    rankings: JSON.stringify({ ...rankings, [choice.turn]: order ?? choice.order }),
    updated_at: ctx.now(),
  });
  if (!stored) throw new ConflictError(`live session ${sessionId} changed meanwhile; reload it`);
  return liveSessionView(ctx, (await findSession(ctx.store.db, sessionId))!);
}

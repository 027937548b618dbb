/**
 * Asking the models for the next assistant turn. The user turn and one row per reply wanted
 * (endpoint × sample, a random blind id, a random place in the order shown) are stored first; then
 * only the replies still needing a call are claimed and called through the model gateway (limits,
 * retries, cost accounting, the project's budget). A retried ask for the same turn finds those rows:
 * a reply that landed is never asked (or paid) for again, and one that failed is asked again.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { LiveSession } from '../../domain/api/live.js';
import { ConflictError } from '../../domain/errors.js';
import { turnText, type ConversationTurn } from '../../domain/conversation.js';
import type { StoredLiveSettings } from '../../domain/live.js';
import { sampleSeed } from '../../domain/generation.js';
import { BudgetExhaustedError } from '../../domain/models.js';
import {
  claimReplies,
  findSession,
  finishReply,
  insertReplySlots,
  updateSession,
  type ReplyRow,
  type SessionRow,
} from '../../store/repositories/liveSessions.js';
import { budgetOf, findLiveEndpoint, projectSpentUsd } from '../../store/repositories/modelEndpoints.js';
import { writeTransaction } from '../../store/transaction.js';
import type { Actor, ServiceContext } from '../context.js';
import { ModelCallError, modelGateway } from '../models/client.js';
import { liveProject, liveSessionView, ownSession } from './sessions.js';

/** A claim older than this belongs to a process that died mid-call; its reply may be asked again. */
const STALE_CLAIM_MS = 10 * 60_000;

export async function askLive(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  sessionId: number,
  ask: { turn: number; content: string },
): Promise<LiveSession> {
  const { settings } = await liveProject(ctx, actor, projectId);
  let session = await ownSession(ctx, actor, projectId, sessionId);
  if (session.state !== 'open') throw new ConflictError(`live session ${sessionId} is finished`);
  const messages = JSON.parse(session.messages) as ConversationTurn[];
  const retry = ask.turn === messages.length - 1 && messages[ask.turn].role === 'user';
  if (retry && messages[ask.turn].content !== ask.content)
    throw new ConflictError(`turn ${ask.turn} was already asked with other words; the chat is at turn ${messages.length}`);
  if (!retry) {
    if (ask.turn !== messages.length || messages.at(-1)?.role === 'user')
      throw new ConflictError(
        `the chat is at turn ${messages.length}${messages.at(-1)?.role === 'user' ? ' (rank the replies first)' : ''}`,
      );
    await checkBudget(ctx, projectId);
    session = await storeAsk(ctx, session, messages, ask.content, settings);
  }
  await callPending(ctx, session, settings);
  return liveSessionView(ctx, (await findSession(ctx.store.db, sessionId))!);
}

/** A spent budget stops the ask before anything is stored (the gateway would refuse each call). */
async function checkBudget(ctx: ServiceContext, projectId: number): Promise<void> {
  const limit = await budgetOf(ctx.store.db, projectId);
  if (limit === null) return;
  const spent = await projectSpentUsd(ctx.store.db, projectId);
  if (spent >= limit) throw new BudgetExhaustedError(projectId, spent, limit);
}

/** The user turn and the reply rows, in one transaction (or a conflict when another ask got there first). */
async function storeAsk(
  ctx: ServiceContext,
  session: SessionRow,
  messages: ConversationTurn[],
  content: string,
  settings: StoredLiveSettings,
): Promise<SessionRow> {
  const turn = messages.length + 1;
  const wanted = settings.endpointIds.flatMap((endpointId) =>
    Array.from({ length: settings.samples }, (_, sample) => ({ endpointId, sample })),
  );
  const places = shuffled(wanted.map((_, i) => i));
  const slots = wanted.map((w, i) => ({ ...w, replyId: randomBytes(4).toString('hex'), position: places[i] }));
  await writeTransaction(ctx.store, async (trx) => {
    const stored = await updateSession(trx, session.id, session.version, {
      messages: JSON.stringify([...messages, { role: 'user', content }]),
      updated_at: ctx.now(),
    });
    if (!stored) throw new ConflictError(`live session ${session.id} changed meanwhile; reload it`);
    await insertReplySlots(trx, session.id, turn, slots);
  });
  return (await findSession(ctx.store.db, session.id))!;
}

async function callPending(ctx: ServiceContext, session: SessionRow, settings: StoredLiveSettings): Promise<void> {
  const messages = JSON.parse(session.messages) as ConversationTurn[];
  const turn = messages.length;
  const now = ctx.now();
  const mine = await claimReplies(ctx.store.db, session.id, turn, now, now - STALE_CLAIM_MS);
  const history = messages.map((m) => ({ role: m.role, content: turnText(m) }));
  const outcomes = await Promise.allSettled(mine.map((r) => callOne(ctx, session, turn, history, r, settings)));
  const budget = outcomes.find((o) => o.status === 'rejected' && o.reason instanceof BudgetExhaustedError);
  if (budget) throw (budget as PromiseRejectedResult).reason;
  const other = outcomes.find((o) => o.status === 'rejected');
  if (other) throw (other as PromiseRejectedResult).reason;
}

async function callOne(
  ctx: ServiceContext,
  session: SessionRow,
  turn: number,
  history: { role: 'system' | 'user' | 'assistant'; content: string }[],
  r: ReplyRow,
  settings: StoredLiveSettings,
): Promise<void> {
  const endpoint = await findLiveEndpoint(ctx.store.db, r.endpointId);
  if (!endpoint) return finishReply(ctx.store.db, r.id, { state: 'failed', error: `model endpoint ${r.endpointId} was removed` });
  const seed = sampleSeed(`live-${session.id}-${turn}`, r.sample);
  try {
    const reply = await modelGateway(ctx.store).chat(
      ctx,
      endpoint,
      { messages: history, temperature: settings.temperature, maxTokens: settings.maxTokens, seed },
      { purpose: 'live', projectId: session.project_id },
    );
    if (!reply.text.trim()) throw new ModelCallError(`endpoint ${endpoint.name}: empty reply`, reply.attempts);
    const provenance = {
      endpoint: endpoint.name,
      model: reply.model,
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
      seed,
      sample: r.sample,
      inputTokens: reply.inputTokens,
      outputTokens: reply.outputTokens,
      latencyMs: reply.latencyMs,
      costUsd: reply.costUsd,
    };
    await finishReply(ctx.store.db, r.id, { state: 'done', text: reply.text, provenance: JSON.stringify(provenance) });
  } catch (error) {
    if (error instanceof ModelCallError) return finishReply(ctx.store.db, r.id, { state: 'failed', error: error.message });
    await finishReply(ctx.store.db, r.id, { state: 'pending' });
    throw error;
  }
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

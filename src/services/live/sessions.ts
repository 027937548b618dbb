/**
 * A tutor's live sessions: opening one, reading it back (a reload or a restart resumes it from the
 * stored rows), and the checks every session action shares. Only tutors and reviewers the project
 * admits open sessions; a session is its tutor's alone: anyone else is told it does not exist.
 */
import type { LiveSession } from '../../domain/api/live.js';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { turnText, type ConversationTurn } from '../../domain/conversation.js';
import type { StoredLiveSettings } from '../../domain/live.js';
import {
  externalIdOf,
  findSession,
  insertSession,
  liveSettingsOf,
  repliesOf,
  sessionsOf,
  type SessionRow,
} from '../../store/repositories/liveSessions.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import type { Actor, ServiceContext } from '../context.js';
import { projectAndAdmission } from '../work/admission.js';

/** The project, when it admits this tutor (else 404; managers and admins: 403). */
async function admittedProject(ctx: ServiceContext, actor: Actor, projectId: number) {
  if (actor.role !== 'tutor' && actor.role !== 'reviewer') throw new ForbiddenError('live sessions are tutors’ work');
  const { project, admission } = await projectAndAdmission(ctx.store, actor, projectId);
  if (!admission.admitted) throw new NotFoundError(`project ${projectId}`);
  return { project, domains: admission.domains ?? project.config.domains };
}

/** The admitting project and its live settings, for the actions that ask (409 when it has none). */
export async function liveProject(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
): Promise<{ project: ProjectRecord; settings: StoredLiveSettings; domains: string[] }> {
  const { project, domains } = await admittedProject(ctx, actor, projectId);
  const settings = await liveSettingsOf(ctx.store.db, projectId);
  if (project.config.type !== 'conversation' || !settings)
    throw new ConflictError(`project ${projectId} has no live settings: a manager chooses its model endpoints first`);
  return { project, settings, domains };
}

/** The tutor's own session in this project, else 404 (another tutor's session is not shown to exist). */
export async function ownSession(ctx: ServiceContext, actor: Actor, projectId: number, sessionId: number): Promise<SessionRow> {
  const s = await findSession(ctx.store.db, sessionId);
  if (!s || s.project_id !== projectId || s.user_id !== actor.id) throw new NotFoundError(`live session ${sessionId}`);
  return s;
}

export async function createLiveSession(ctx: ServiceContext, actor: Actor, projectId: number, domain?: string): Promise<LiveSession> {
  const { settings, domains } = await liveProject(ctx, actor, projectId);
  const chosen = domain ?? domains[0];
  if (!domains.includes(chosen))
    throw new UserInputError(`domain "${chosen}" is not one you work in here: ${domains.join(', ')}`, { field: 'domain' });
  const messages: ConversationTurn[] = settings.system ? [{ role: 'system', content: settings.system }] : [];
  const id = await insertSession(ctx.store.db, {
    projectId,
    userId: actor.id,
    domain: chosen,
    messages: JSON.stringify(messages),
    now: ctx.now(),
  });
  return liveSessionView(ctx, (await findSession(ctx.store.db, id))!);
}

export async function getLiveSession(ctx: ServiceContext, actor: Actor, projectId: number, sessionId: number): Promise<LiveSession> {
  await admittedProject(ctx, actor, projectId);
  return liveSessionView(ctx, await ownSession(ctx, actor, projectId, sessionId));
}

export async function listLiveSessions(ctx: ServiceContext, actor: Actor, projectId: number): Promise<{ sessions: LiveSession[] }> {
  await admittedProject(ctx, actor, projectId);
  const rows = await sessionsOf(ctx.store.db, projectId, actor.id);
  return { sessions: await Promise.all(rows.map((r) => liveSessionView(ctx, r))) };
}

/** The session as its tutor sees it: the chat as it reads, and the turn being asked (blind replies). */
export async function liveSessionView(ctx: ServiceContext, s: SessionRow): Promise<LiveSession> {
  const messages = JSON.parse(s.messages) as ConversationTurn[];
  const settings = await liveSettingsOf(ctx.store.db, s.project_id);
  const next = messages.length;
  const asked = s.state === 'open' && messages.at(-1)?.role === 'user' ? await repliesOf(ctx.store.db, s.id, next) : [];
  return {
    id: s.id,
    projectId: s.project_id,
    domain: s.domain,
    state: s.state,
    messages: messages.map((m) => ({ role: m.role, content: turnText(m) })),
    replies: settings ? settings.endpointIds.length * settings.samples : 0,
    asking:
      asked.length === 0
        ? null
        : {
            turn: next,
            replies: asked.filter((r) => r.state === 'done').map((r) => ({ id: r.replyId, text: r.text ?? '' })),
            waiting: asked.filter((r) => r.state === 'pending' || r.state === 'calling').length,
            failed: asked.filter((r) => r.state === 'failed').length,
          },
    taskId: s.task_id === null ? null : ((await externalIdOf(ctx.store.db, s.task_id)) ?? null),
  };
}

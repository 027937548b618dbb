/** A project's live settings: which endpoints answer a live turn and how many samples each (manager, admin; audited). */
import type { LiveSettings } from '../../domain/api/live.js';
import { ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { LiveSettingsInput, MAX_LIVE_REPLIES, type StoredLiveSettings } from '../../domain/live.js';
import { validateInput } from '../../domain/validation.js';
import { liveSettingsOf, putLiveSettings } from '../../store/repositories/liveSessions.js';
import { findLiveEndpoint } from '../../store/repositories/modelEndpoints.js';
import { findProject } from '../../store/repositories/projects.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';

const managerOnly = (actor: Actor) => {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('only a manager or admin sets live settings');
};

export async function getLiveSettings(ctx: ServiceContext, actor: Actor, projectId: number): Promise<LiveSettings> {
  managerOnly(actor);
  if (!(await findProject(ctx.store.db, projectId))) throw new NotFoundError(`project ${projectId}`);
  return { projectId, settings: await settingsView(ctx, await liveSettingsOf(ctx.store.db, projectId)) };
}

export async function setLiveSettings(ctx: ServiceContext, actor: Actor, projectId: number, input: unknown): Promise<LiveSettings> {
  managerOnly(actor);
  const o = validateInput(LiveSettingsInput, input);
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  if (project.config.type !== 'conversation')
    throw new UserInputError(`live sessions need a conversation project; this one is ${project.config.type}`, { field: 'project' });
  if (o.endpoints.length * o.samples > MAX_LIVE_REPLIES)
    throw new UserInputError(`endpoints × samples is ${o.endpoints.length * o.samples}; at most ${MAX_LIVE_REPLIES} replies per turn`, {
      field: 'samples',
    });
  const endpointIds: number[] = [];
  for (const [i, name] of o.endpoints.entries()) {
    const e = await findLiveEndpoint(ctx.store.db, name);
    if (!e) throw new UserInputError(`no model endpoint named "${name}"`, { field: `endpoints.${i}` });
    endpointIds.push(e.id);
  }
  const stored: StoredLiveSettings = {
    endpointIds,
    samples: o.samples,
    temperature: o.temperature,
    maxTokens: o.maxTokens,
    ...(o.system ? { system: o.system } : {}),
  };
  await writeTransaction(ctx.store, async (trx) => {
    await putLiveSettings(trx, projectId, stored, actor.id, ctx.now());
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'live.settings',
      targetType: 'project',
      targetId: projectId,
      detail: { endpoints: o.endpoints, samples: o.samples, temperature: o.temperature, maxTokens: o.maxTokens },
      at: ctx.now(),
    });
  });
  return { projectId, settings: await settingsView(ctx, stored) };
}

async function settingsView(ctx: ServiceContext, s: StoredLiveSettings | null): Promise<LiveSettings['settings']> {
  if (!s) return null;
  const names: string[] = [];
  for (const id of s.endpointIds) names.push((await findLiveEndpoint(ctx.store.db, id))?.name ?? `(removed endpoint ${id})`);
  return {
    endpoints: names,
    samples: s.samples,
    temperature: s.temperature,
    maxTokens: s.maxTokens,
    ...(s.system ? { system: s.system } : {}),
    replies: s.endpointIds.length * s.samples,
  };
}

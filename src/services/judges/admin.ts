/**
 * AI judges as an admin manages them: add (a user of tier `model`, role tutor, who cannot sign in,
 * bound to an endpoint, with a version-1 prompt per task type), list, and edit a prompt (a new
 * version; the old ones stay, as verdicts name the version they used). Every change is audited.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { defaultJudgeTemplate, JudgeInput, JudgePromptInput } from '../../domain/judges.js';
import { TASK_TYPES, type TaskType } from '../../domain/tasks.js';
import { validateInput } from '../../domain/validation.js';
import {
  findJudge,
  insertJudge,
  insertPrompt,
  judgePrompts,
  listJudges,
  type JudgeRecord,
  type PromptRecord,
} from '../../store/repositories/judges.js';
import { findLiveEndpoint } from '../../store/repositories/modelEndpoints.js';
import { insertUser } from '../../store/repositories/users.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';

/** No password hash matches this (passwords.ts needs `scrypt$…`): a judge never signs in. */
const NO_SIGN_IN = '!judge';

export interface JudgeView {
  id: number;
  name: string;
  endpoint: string;
  domains: string[];
  disabled: boolean;
  prompts: { taskType: string; version: number; template: string }[];
  createdAt: string;
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('only an admin manages AI judges');
}

async function view(ctx: ServiceContext, j: JudgeRecord): Promise<JudgeView> {
  const all = await judgePrompts(ctx.store.db, j.id);
  const latest = all.filter((p, i) => i === 0 || all[i - 1].taskType !== p.taskType);
  return {
    id: j.userId,
    name: j.name,
    endpoint: j.endpointName,
    domains: j.domains,
    disabled: j.disabled,
    prompts: latest.map(({ taskType, version, template }) => ({ taskType, version, template })),
    createdAt: new Date(j.createdAt).toISOString(),
  };
}

/** A judge by its user id or name, or 404. */
export async function requireJudge(ctx: ServiceContext, ref: number | string): Promise<JudgeRecord> {
  const judge = await findJudge(ctx.store.db, ref);
  if (!judge) throw new NotFoundError(`AI judge ${typeof ref === 'number' ? ref : `"${ref}"`}`);
  return judge;
}

const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now().toString(36)}@judges.invalid`;

export async function addJudge(ctx: ServiceContext, actor: Actor, input: unknown): Promise<JudgeView> {
  requireAdmin(actor);
  const j = validateInput(JudgeInput, input);
  const endpoint = await findLiveEndpoint(ctx.store.db, j.endpoint);
  if (!endpoint) throw new NotFoundError(`model endpoint ${JSON.stringify(j.endpoint)}`);
  if (await findJudge(ctx.store.db, j.name)) throw new ConflictError(`an AI judge named "${j.name}" already exists`);
  const now = ctx.now();
  const userId = await writeTransaction(ctx.store, async (trx) => {
    const user = await insertUser(trx, {
      email: emailOf(j.name),
      name: j.name,
      role: 'tutor',
      tier: 'model',
      domains: j.domains,
      payModel: 'per_task',
      payRate: 0,
      passwordHash: NO_SIGN_IN,
      createdAt: now,
    });
    const judgeId = await insertJudge(trx, user.id, endpoint.id, now);
    for (const type of TASK_TYPES) await insertPrompt(trx, judgeId, type, defaultJudgeTemplate(type), actor.id, now);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'judge.add',
      targetType: 'user',
      targetId: user.id,
      detail: { name: j.name, endpoint: endpoint.name, domains: j.domains },
      at: now,
    });
    return user.id;
  });
  return view(ctx, await requireJudge(ctx, userId));
}

export async function listAllJudges(ctx: ServiceContext): Promise<JudgeView[]> {
  return Promise.all((await listJudges(ctx.store.db)).map((j) => view(ctx, j)));
}

export async function getJudge(ctx: ServiceContext, ref: number | string): Promise<JudgeView> {
  return view(ctx, await requireJudge(ctx, ref));
}

/** A new version of the judge's prompt for one task type. */
export async function setJudgePrompt(ctx: ServiceContext, actor: Actor, ref: number | string, input: unknown): Promise<JudgeView> {
  requireAdmin(actor);
  const p = validateInput(JudgePromptInput, input);
  const judge = await requireJudge(ctx, ref);
  await writeTransaction(ctx.store, async (trx) => {
    const version = await insertPrompt(trx, judge.id, p.taskType, p.template, actor.id, ctx.now());
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'judge.prompt',
      targetType: 'user',
      targetId: judge.userId,
      detail: { taskType: p.taskType, version },
      at: ctx.now(),
    });
  });
  return view(ctx, judge);
}

/** Of a judge's prompts (newest version first per type), the one for this task type, or the default. */
export function promptOf(prompts: readonly PromptRecord[], type: TaskType): { version: number; template: string } {
  const latest = prompts.find((p) => p.taskType === type);
  return latest ? { version: latest.version, template: latest.template } : { version: 0, template: defaultJudgeTemplate(type) };
}

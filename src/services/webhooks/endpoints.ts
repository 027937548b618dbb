/**
 * An admin's webhook endpoints: create (the signing secret is in that answer only), change, switch on
 * and off, rotate the secret, delete; read the delivery log and send a delivery again. Every change is
 * audited in its transaction, never with the secret.
 */
import { randomBytes } from 'node:crypto';
import {
  type WebhookDeliveryView,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  type WebhookEndpointCreated,
  type WebhookEndpointView,
  type WebhookEvent,
} from '../../domain/api/webhooks.js';
import { NotFoundError } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { findProject } from '../../store/repositories/projects.js';
import { deliveriesOf, deliveryById, requeueDelivery, type DeliveryRow } from '../../store/repositories/webhookOutbox.js';
import {
  deleteEndpoint,
  deliveryCounts,
  endpointById,
  insertEndpoint,
  listEndpoints,
  updateEndpoint,
  type EndpointRow,
} from '../../store/repositories/webhooks.js';
import { writeTransaction } from '../../store/transaction.js';
import { wakeWebhookWorkers } from '../../store/webhookWakeup.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { sealSecret } from '../secrets/secretBox.js';
import { messageId, SECRET_PURPOSE } from './deliveryWorker.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
/** Standard Webhooks secrets: `whsec_` and 24 random bytes in base64. */
const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

function view(r: EndpointRow, counts = { pending: 0, dead: 0 }): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    projectId: r.project_id,
    events: JSON.parse(r.events) as WebhookEvent[],
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    createdAt: iso(r.created_at)!,
    ...counts,
  };
}

export function deliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    messageId: messageId(d.id),
    endpointId: d.endpoint_id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    lastStatus: d.last_status,
    lastError: d.last_error,
    lastLatencyMs: d.last_latency_ms,
    createdAt: iso(d.created_at)!,
    deliveredAt: iso(d.delivered_at),
  };
}

export async function createWebhookEndpoint(ctx: ServiceContext, actor: Actor, input: unknown): Promise<WebhookEndpointCreated> {
  const p = validateInput(WebhookEndpointInput, input);
  if (p.projectId !== null && !(await findProject(ctx.store.db, p.projectId))) throw new NotFoundError(`project ${p.projectId}`);
  const secret = newSigningSecret();
  const at = ctx.now();
  const row = await writeTransaction(ctx.store, async (db) => {
    const r = await insertEndpoint(db, { ...p, secretSealed: sealSecret(secret, SECRET_PURPOSE), createdBy: actor.id, at });
    await recordAudit(db, {
      actorId: actor.id,
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: r.id,
      detail: { url: p.url, projectId: p.projectId, events: p.events },
      at,
    });
    return r;
  });
  return { endpoint: view(row), secret };
}

export async function listWebhookEndpoints(ctx: ServiceContext): Promise<WebhookEndpointView[]> {
  const [rows, counts] = await Promise.all([listEndpoints(ctx.store.db), deliveryCounts(ctx.store.db)]);
  return rows.map((r) => view(r, counts.get(r.id)));
}

export async function updateWebhookEndpoint(ctx: ServiceContext, actor: Actor, id: number, patch: unknown): Promise<WebhookEndpointView> {
  const p = validateInput(WebhookEndpointPatch, patch);
  const at = ctx.now();
  const row = await writeTransaction(ctx.store, async (db) => {
    const before = await endpointById(db, id);
    if (!before) throw new NotFoundError(`webhook endpoint ${id}`);
    const r = await updateEndpoint(db, id, { ...p, ...(p.enabled === true && { disabledReason: null }), at });
    // Switched on again: its waiting deliveries are due now (a sleeping worker hears it at the commit).
    if (p.enabled === true) await wakeWebhookWorkers({ dialect: ctx.store.dialect, db });
    await recordAudit(db, { actorId: actor.id, action: 'webhook.update', targetType: 'webhook', targetId: id, detail: { ...p }, at });
    return r!;
  });
  return (await listWebhookEndpoints(ctx)).find((e) => e.id === row.id)!;
}

/** A new signing secret (the old one stops at once); shown in this answer only. */
export async function rotateWebhookSecret(ctx: ServiceContext, actor: Actor, id: number): Promise<WebhookEndpointCreated> {
  const secret = newSigningSecret();
  const at = ctx.now();
  const row = await writeTransaction(ctx.store, async (db) => {
    const r = await updateEndpoint(db, id, { secretSealed: sealSecret(secret, SECRET_PURPOSE), at });
    if (!r) throw new NotFoundError(`webhook endpoint ${id}`);
    await recordAudit(db, { actorId: actor.id, action: 'webhook.rotate_secret', targetType: 'webhook', targetId: id, at });
    return r;
  });
  return { endpoint: view(row), secret };
}

export async function deleteWebhookEndpoint(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const at = ctx.now();
  await writeTransaction(ctx.store, async (db) => {
    const before = await endpointById(db, id);
    if (!before || !(await deleteEndpoint(db, id))) throw new NotFoundError(`webhook endpoint ${id}`);
    await recordAudit(db, {
      actorId: actor.id,
      action: 'webhook.delete',
      targetType: 'webhook',
      targetId: id,
      detail: { url: before.url },
      at,
    });
  });
}

export async function listWebhookDeliveries(
  ctx: ServiceContext,
  endpointId: number,
  query: { status?: DeliveryRow['status']; limit: number },
): Promise<WebhookDeliveryView[]> {
  if (!(await endpointById(ctx.store.db, endpointId))) throw new NotFoundError(`webhook endpoint ${endpointId}`);
  return (await deliveriesOf(ctx.store.db, endpointId, query.status, query.limit)).map(deliveryView);
}

/** Sends a delivery again now (same `webhook-id`), whatever became of it. */
export async function redeliverWebhook(ctx: ServiceContext, actor: Actor, deliveryId: number): Promise<WebhookDeliveryView> {
  const at = ctx.now();
  const row = await writeTransaction(ctx.store, async (db) => {
    const before = await deliveryById(db, deliveryId);
    if (!before) throw new NotFoundError(`webhook delivery ${deliveryId}`);
    const r = await requeueDelivery(db, deliveryId, at);
    await wakeWebhookWorkers({ dialect: ctx.store.dialect, db });
    await recordAudit(db, {
      actorId: actor.id,
      action: 'webhook.redeliver',
      targetType: 'webhook_delivery',
      targetId: deliveryId,
      detail: { endpointId: before.endpoint_id, event: before.event, previousStatus: before.status },
      at,
    });
    return r!;
  });
  return deliveryView(row);
}

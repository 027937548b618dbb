/**
 * Webhooks: /api/webhooks (admins). Endpoints subscribe to events, per project or for all; each
 * delivery is signed per the Standard Webhooks specification with the endpoint's secret, which is in
 * the create and rotate answers only.
 */
import { z } from 'zod';

/** `generation.finished`: a generation job ended (done, failed or cancelled). */
export const WEBHOOK_EVENTS = [
  'annotation.submitted',
  'task.completed',
  'project.completed',
  'review.decided',
  'certification.granted',
  'certification.suspended',
  'export.ready',
  'import.finished',
  'generation.finished',
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.output<typeof WebhookEvent>;

const Url = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), 'must be an http:// or https:// URL');

export const WebhookEndpointInput = z.object({
  url: Url,
  description: z.string().trim().max(200).default(''),
  /** Omit (or null) for an endpoint that hears every project and the global events (certifications). */
  projectId: z.number().int().positive().nullable().default(null),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length),
});
export type WebhookEndpointInput = z.output<typeof WebhookEndpointInput>;

export const WebhookEndpointPatch = z.object({
  url: Url.optional(),
  description: z.string().trim().max(200).optional(),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length).optional(),
  /** Turning an endpoint back on clears the reason it was switched off. */
  enabled: z.boolean().optional(),
});
export type WebhookEndpointPatch = z.output<typeof WebhookEndpointPatch>;

export const WebhookEndpointView = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  projectId: z.number().int().nullable(),
  events: z.array(WebhookEvent),
  enabled: z.boolean(),
  /** Why it was switched off automatically (persistent failure), or null. */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  pending: z.number().int(),
  dead: z.number().int(),
});
export type WebhookEndpointView = z.output<typeof WebhookEndpointView>;

export const WebhookEndpointList = z.object({ endpoints: z.array(WebhookEndpointView) });
export type WebhookEndpointList = z.output<typeof WebhookEndpointList>;

/** The signing secret (`whsec_…`), in this answer only. */
export const WebhookEndpointCreated = z.object({ endpoint: WebhookEndpointView, secret: z.string() });
export type WebhookEndpointCreated = z.output<typeof WebhookEndpointCreated>;

export const WebhookDeliveryView = z.object({
  id: z.number().int(),
  /** The `webhook-id` header: the same on every attempt and redelivery, so receivers can drop duplicates. */
  messageId: z.string(),
  endpointId: z.number().int(),
  event: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDeliveryView = z.output<typeof WebhookDeliveryView>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliveryView) });
export type WebhookDeliveryList = z.output<typeof WebhookDeliveryList>;

export const WebhookDeliveryQuery = z.object({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

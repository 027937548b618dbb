/**
 * `tutorloop webhook …`: the webhook endpoints and their delivery log, as an admin would manage them
 * in the API (audited as the first admin). `add` and `rotate` print the signing secret once.
 */
import type { Command } from 'commander';
import {
  createWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../services/webhooks/endpoints.js';
import { cliActor } from './init.js';
import { DB_OPTION, integer, list, print, table, withContext } from '../io/commandKit.js';

export function registerWebhook(program: Command): void {
  const hook = program.command('webhook').description('signed webhooks: endpoints, deliveries, redelivery');

  hook
    .command('add')
    .description('add an endpoint; prints its signing secret once')
    .requiredOption('--url <url>', 'where to POST events')
    .requiredOption('--events <list>', 'comma-separated events, e.g. annotation.submitted,task.completed', list)
    .option('--project <id>', 'only this project (default: every project, and certification events)', integer)
    .option('--description <text>', 'what it is for')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { url: string; events: string[]; project?: number; description?: string; db?: string; json?: boolean }) => {
      const made = await withContext(o.db, async (ctx) =>
        createWebhookEndpoint(ctx, await cliActor(ctx.store), {
          url: o.url,
          events: o.events,
          projectId: o.project ?? null,
          description: o.description ?? '',
        }),
      );
      print(o.json, made, `endpoint ${made.endpoint.id} → ${made.endpoint.url}\nsigning secret (shown only now): ${made.secret}`);
    });

  hook
    .command('list')
    .description('the endpoints, with pending and dead deliveries')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const endpoints = await withContext(o.db, listWebhookEndpoints);
      const rows = endpoints.map((e) => [
        e.id,
        e.enabled ? 'on' : 'off',
        e.projectId ?? 'all',
        e.pending,
        e.dead,
        e.events.join(','),
        e.url,
      ]);
      print(o.json, { endpoints }, table(['id', 'state', 'project', 'pending', 'dead', 'events', 'url'], rows));
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    hook
      .command(`${name} <id>`)
      .description(`switch an endpoint ${enabled ? 'on (what waited is sent)' : 'off (deliveries wait)'}`)
      .option(...DB_OPTION)
      .action(async (id: string, o: { db?: string }) => {
        const e = await withContext(o.db, async (ctx) => updateWebhookEndpoint(ctx, await cliActor(ctx.store), integer(id), { enabled }));
        print(false, e, `endpoint ${e.id} is ${e.enabled ? 'on' : 'off'}`);
      });
  }

  hook
    .command('rotate <id>')
    .description('replace the signing secret; prints the new one once')
    .option(...DB_OPTION)
    .action(async (id: string, o: { db?: string }) => {
      const made = await withContext(o.db, async (ctx) => rotateWebhookSecret(ctx, await cliActor(ctx.store), integer(id)));
      print(false, made, `new signing secret for endpoint ${made.endpoint.id} (shown only now): ${made.secret}`);
    });

  hook
    .command('deliveries <id>')
    .description("an endpoint's delivery log, newest first")
    .option('--status <status>', 'pending, delivered or dead')
    .option('--limit <n>', 'how many (1–500)', integer, 50)
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (id: string, o: { status?: 'pending' | 'delivered' | 'dead'; limit: number; db?: string; json?: boolean }) => {
      const deliveries = await withContext(o.db, (ctx) => listWebhookDeliveries(ctx, integer(id), { status: o.status, limit: o.limit }));
      const rows = deliveries.map((d) => [
        d.id,
        d.event,
        d.status,
        d.attempts,
        d.lastStatus ?? '-',
        d.lastLatencyMs ?? '-',
        d.lastError ?? '',
      ]);
      print(o.json, { deliveries }, table(['id', 'event', 'status', 'attempts', 'http', 'ms', 'last error'], rows));
    });

  hook
    .command('redeliver <deliveryId>')
    .description('send a delivery again now, under the same webhook-id')
    .option(...DB_OPTION)
    .action(async (id: string, o: { db?: string }) => {
      const d = await withContext(o.db, async (ctx) => redeliverWebhook(ctx, await cliActor(ctx.store), integer(id)));
      print(false, d, `delivery ${d.id} (${d.messageId}) will be sent again by the running server`);
    });
}

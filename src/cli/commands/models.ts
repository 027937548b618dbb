/**
 * `tutorloop models add|list|test|remove|budget`: OpenAI-compatible model endpoints without the web
 * app, through the same services as the API (validated, audited as the CLI's admin). The API key comes
 * from TUTORLOOP_MODEL_API_KEY or --api-key-file (a flag would show in `ps`), is stored encrypted,
 * and is never printed.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import {
  addModelEndpoint,
  getModelBudget,
  listModelEndpoints,
  removeModelEndpoint,
  setModelBudget,
  testModelEndpoint,
} from '../../services/models/index.js';
import { getProjectByName } from '../../services/projects/queries.js';
import type { ServiceContext } from '../../services/context.js';
import { cliActor } from './init.js';
import { DB_OPTION, decimal, defined, integer, print, table, withContext } from '../io/commandKit.js';

interface AddFlags {
  name: string;
  baseUrl: string;
  model: string;
  apiKeyFile?: string;
  priceIn: number;
  priceOut: number;
  concurrency?: number;
  rpm?: number;
  timeoutMs?: number;
  db?: string;
  json?: boolean;
}

function apiKeyOf(o: AddFlags): string {
  if (o.apiKeyFile) {
    const key = readFileSync(o.apiKeyFile, 'utf8').trim();
    if (!key) throw new UserInputError('the API key file is empty', { file: o.apiKeyFile });
    return key;
  }
  const key = process.env.TUTORLOOP_MODEL_API_KEY;
  if (!key)
    throw new UserInputError('the endpoint needs an API key: set TUTORLOOP_MODEL_API_KEY or pass --api-key-file', { field: 'apiKey' });
  return key;
}

/** An endpoint named by id (digits) or by name. */
const endpointRef = (ref: string): number | string => (/^\d+$/.test(ref) ? Number(ref) : ref);

async function projectIdOf(ctx: ServiceContext, ref: string): Promise<number> {
  return /^\d+$/.test(ref) ? Number(ref) : (await getProjectByName(ctx, ref)).id;
}

const dollars = (n: number) => `$${n.toFixed(n < 1 ? 6 : 2)}`;

export function registerModels(program: Command): void {
  const models = program.command('models').description('OpenAI-compatible model endpoints (admin)');

  models
    .command('add')
    .description('register an endpoint; the API key comes from TUTORLOOP_MODEL_API_KEY or --api-key-file')
    .requiredOption('--name <name>', 'a short name, e.g. gpt-judge')
    .requiredOption('--base-url <url>', 'e.g. https://api.openai.com/v1 or http://localhost:8000/v1 (vLLM)')
    .requiredOption('--model <model>', 'the model name the server expects')
    .requiredOption('--price-in <dollars>', 'US dollars per million input tokens', decimal)
    .requiredOption('--price-out <dollars>', 'US dollars per million output tokens', decimal)
    .option('--api-key-file <path>', 'read the API key from this file (else TUTORLOOP_MODEL_API_KEY)')
    .option('--concurrency <n>', 'most calls in flight (default 4)', integer)
    .option('--rpm <n>', 'most requests started per minute (default 60)', integer)
    .option('--timeout-ms <ms>', 'per request (default 60000)', integer)
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: AddFlags) => {
      const input = {
        name: o.name,
        baseUrl: o.baseUrl,
        model: o.model,
        apiKey: apiKeyOf(o),
        priceInputPerMillion: o.priceIn,
        priceOutputPerMillion: o.priceOut,
        ...defined({ maxConcurrency: o.concurrency, requestsPerMinute: o.rpm, timeoutMs: o.timeoutMs }),
      };
      const endpoint = await withContext(o.db, async (ctx) => addModelEndpoint(ctx, await cliActor(ctx.store), input));
      print(
        o.json,
        { endpoint },
        `added model endpoint ${endpoint.name} (id ${endpoint.id}, ${endpoint.model} at ${endpoint.baseUrl}); the key is stored encrypted`,
      );
    });

  models
    .command('list')
    .description('every endpoint with its limits, calls, tokens and cost (never the key)')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const endpoints = await withContext(o.db, (ctx) => listModelEndpoints(ctx));
      const rows = endpoints.map((e) => [
        e.id,
        e.name,
        e.model,
        e.baseUrl,
        `${e.priceInputPerMillion}/${e.priceOutputPerMillion}`,
        `${e.maxConcurrency}/${e.requestsPerMinute}`,
        `${e.usage.calls} (${e.usage.failedCalls} failed)`,
        `${e.usage.inputTokens}/${e.usage.outputTokens}`,
        dollars(e.usage.costUsd),
      ]);
      const header = ['id', 'name', 'model', 'base url', '$/M in/out', 'conc/rpm', 'calls', 'tokens in/out', 'cost'];
      print(o.json, { endpoints }, endpoints.length ? table(header, rows) : 'no model endpoints: add one with `tutorloop models add`');
    });

  models
    .command('test <endpoint>')
    .description('send one tiny request (endpoint id or name): latency and the reply')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, o: { db?: string; json?: boolean }) => {
      const result = await withContext(o.db, async (ctx) => testModelEndpoint(ctx, await cliActor(ctx.store), endpointRef(ref)));
      const text = result.ok
        ? `ok in ${result.latencyMs} ms: ${JSON.stringify(result.reply)} (${result.inputTokens}+${result.outputTokens} tokens, ${dollars(result.costUsd)})`
        : `failed after ${result.latencyMs} ms: ${result.error}`;
      print(o.json, result, text);
      if (!result.ok) process.exitCode = 1;
    });

  models
    .command('remove <endpoint>')
    .description('remove an endpoint (id or name); its call history stays')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, o: { db?: string; json?: boolean }) => {
      await withContext(o.db, async (ctx) => removeModelEndpoint(ctx, await cliActor(ctx.store), endpointRef(ref)));
      print(o.json, { removed: ref }, `removed model endpoint ${ref}`);
    });

  models
    .command('budget <project>')
    .description("show a project's model budget (id or name), or set it with --limit (dollars, or none)")
    .option('--limit <dollars>', 'the cap in US dollars, or "none" to lift it')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, o: { limit?: string; db?: string; json?: boolean }) => {
      const budget = await withContext(o.db, async (ctx) => {
        const projectId = await projectIdOf(ctx, ref);
        if (o.limit === undefined) return getModelBudget(ctx, projectId);
        const limitUsd = o.limit === 'none' ? null : decimal(o.limit);
        return setModelBudget(ctx, await cliActor(ctx.store), projectId, { limitUsd });
      });
      const cap = budget.limitUsd === null ? 'no cap' : `cap ${dollars(budget.limitUsd)}`;
      print(o.json, budget, `project ${budget.projectId}: spent ${dollars(budget.spentUsd)} on model calls, ${cap}`);
    });
}

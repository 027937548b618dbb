/**
 * Candidate generation on both databases against the stand-in server (test infrastructure): prompts
 * become blind, balanced preference tasks with provenance in `meta`; a failing prompt is reported
 * without losing the rest; a job killed mid-way (SIGKILL of the CLI) resumes without calling again
 * for any response it had stored.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../../src/services/index.js';
import { createGenerationJob, parsePrompts, runGenerationJob } from '../../../src/services/models/generation.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { buildCliBundle } from '../../support/cliBundle.js';
import { testDatabases } from '../../support/databases.js';
import { startOpenAiStandIn, type ChatBody, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-generation-test';
const root = resolve(import.meta.dirname, '../../..');
const reply = (b: ChatBody) => `${b.model} answers "${b.messages.at(-1)?.content}" (seed ${b.seed})`;
const promptsText = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      i === 1
        ? {
            id: `p${i}`,
            domain: 'general',
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: `question ${i}` },
            ],
          }
        : { id: `p${i}`, domain: 'general', prompt: `question ${i}` },
    ),
  ).join('\n');

let bin: string;
let removeBundle = () => {};
beforeAll(async () => {
  const bundle = await buildCliBundle();
  bin = bundle.main;
  removeBundle = bundle.remove;
}, 120_000);
afterAll(() => removeBundle());

describe.each(testDatabases())('candidate generation on $name', ({ freshUrl }) => {
  let h: Harness;
  let url: string;
  let manager: Person;
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({ apiKey: API_KEY, respond: reply });
    url = await freshUrl();
    h = await harness(url);
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 } }));
    const admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    for (const [name, model] of [
      ['m1', 'alpha'],
      ['m2', 'beta'],
    ])
      await addModelEndpoint(h.ctx, asActor(admin), {
        name,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
        maxConcurrency: 1,
      });
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  const project = (name: string) => createProject(h.ctx, asActor(manager), { name, type: 'preference', domains: ['general'] });
  const tasksOf = async (projectId: number) =>
    (
      await h.store.db
        .selectFrom('tasks')
        .select(['external_id', 'payload'])
        .where('project_id', '=', projectId)
        .orderBy('external_id')
        .execute()
    ).map((t) => ({
      id: t.external_id,
      payload: JSON.parse(t.payload),
    }));

  it('makes blind, balanced preference tasks with provenance in meta', async () => {
    const { id } = await project('Generated');
    const jobId = await createGenerationJob(h.ctx, asActor(manager), id, parsePrompts(promptsText(4), 'prompts.jsonl'), {
      models: ['m1', 'm2'],
      temperature: 0.3,
    });
    const result = await runGenerationJob(h.ctx, jobId);
    expect(result).toMatchObject({ state: 'done', total: 8, done: 8, failed: 0, tasksCreated: 4, problems: [] });
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => t.id)).toEqual(['p0', 'p1', 'p2', 'p3']);
    const atA: string[] = [];
    for (const t of tasks) {
      expect(t.payload.responses.map((r: { id: string }) => r.id)).toEqual(['a', 'b']);
      expect(t.payload.responses[0]).not.toHaveProperty('model');
      const prov = t.payload.meta.generation.responses;
      expect(t.payload.responses[0].text).toContain(`${prov.a.model} answers`);
      expect(prov.a).toMatchObject({ temperature: 0.3, maxTokens: 1024, inputTokens: expect.any(Number), costUsd: expect.any(Number) });
      atA.push(prov.a.endpoint);
    }
    expect(atA.filter((e) => e === 'm1')).toHaveLength(2);
    expect(tasks[1].payload).toMatchObject({ prompt: 'question 1', context: [{ role: 'system', content: 'Be brief.' }] });
    const calls = await h.store.db
      .selectFrom('model_calls')
      .select('id')
      .where('project_id', '=', id)
      .where('purpose', '=', 'generate')
      .execute();
    expect(calls).toHaveLength(8);
  });

  it('reports a prompt whose calls fail and keeps the others', async () => {
    const { id } = await project('Partly failing');
    const jobId = await createGenerationJob(h.ctx, asActor(manager), id, parsePrompts(promptsText(1), 'one.jsonl'), {
      models: ['m1', 'm2'],
    });
    const second = await createGenerationJob(
      h.ctx,
      asActor(manager),
      id,
      parsePrompts(promptsText(3).split('\n').slice(1).join('\n'), 'two.jsonl'),
      { models: ['m1', 'm2'] },
    );
    // Both endpoints' calls for p0 fail on every attempt (3 each), whichever comes first.
    standIn.inject(...Array.from({ length: 6 }, () => ({ kind: 'status', status: 500 }) as const));
    const failed = await runGenerationJob(h.ctx, jobId);
    expect(failed).toMatchObject({ state: 'failed', error: 'every prompt failed', failed: 2 });
    expect(failed.problems).toHaveLength(1);
    expect(failed.problems[0]).toMatch(/^p0: endpoint m\d: HTTP 500/);
    expect(failed.tasksCreated).toBe(0);
    expect(await runGenerationJob(h.ctx, second)).toMatchObject({ state: 'done', tasksCreated: 2, problems: [] });
    expect((await tasksOf(id)).map((t) => t.id)).toEqual(['p1', 'p2']);
  });

  it('refuses a bad prompts file naming the line and field, and a shape the project cannot take', async () => {
    expect(() => parsePrompts('{"id":"x","domain":"general"}\nnot json', 'bad.jsonl')).toThrow(
      /bad\.jsonl, line 1, field prompt: give "prompt" or "messages"/,
    );
    const { id } = await project('Shapes');
    await expect(
      createGenerationJob(h.ctx, asActor(manager), id, parsePrompts(promptsText(1), 'p.jsonl'), { models: ['m1'] }),
    ).rejects.toThrow(/preference task takes 2 responses; models × samples gives 1/);
  });

  it('resumes a killed job without calling again for a stored response', async () => {
    const { id } = await project('Killed');
    const dir = mkdtempSync(join(tmpdir(), 'tutorloop-gen-'));
    writeFileSync(join(dir, 'prompts.jsonl'), promptsText(10));
    const slow = await startOpenAiStandIn({ apiKey: API_KEY, respond: reply, latencyMs: 60 });
    await h.store.db.updateTable('model_endpoints').set({ base_url: slow.baseUrl }).execute();
    const env = { ...process.env, TUTORLOOP_DB: url };
    const args = ['generate', '--project', 'Killed', '--prompts', join(dir, 'prompts.jsonl'), '--models', 'm1,m2', '--json'];
    try {
      const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'ignore' });
      await new Promise<void>((done) => {
        const poll = setInterval(() => {
          if (slow.requests.length >= 8) {
            child.kill('SIGKILL');
            clearInterval(poll);
            done();
          }
        }, 5);
      });
      await new Promise((r) => child.once('exit', r));
      const job = await h.store.db
        .selectFrom('generation_jobs')
        .select(['id', 'state'])
        .where('project_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(job.state).toBe('running');
      const stored = await h.store.db
        .selectFrom('generation_items')
        .select(['prompt_id', 'endpoint_id'])
        .where('job_id', '=', job.id)
        .where('state', '=', 'done')
        .execute();
      const beforeResume = slow.requests.length;
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(20);

      const resumed = await new Promise<{ code: number | null; out: string }>((done) => {
        const c = spawn(process.execPath, [bin, 'generate', '--resume', String(job.id), '--json'], { cwd: root, env });
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.on('close', (code) => done({ code, out }));
      });
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.out)).toMatchObject({ state: 'done', done: 20, tasksCreated: 10 });
      // Every call after the kill is for a response that was not stored when the job was killed.
      const storedKeys = new Set(stored.map((s) => `${s.endpoint_id === 1 ? 'alpha' : 'beta'} question ${s.prompt_id.slice(1)}`));
      const after = slow.requests.slice(beforeResume).map((b) => `${b.model} ${b.messages.at(-1)?.content}`);
      expect(after.filter((k) => storedKeys.has(k))).toEqual([]);
      expect(after.length).toBe(20 - stored.length);
    } finally {
      await slow.close();
    }
  });
});

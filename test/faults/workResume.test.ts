/**
 * Work started over the API outlives its server (issue 13, fault suite): a generation job and a judge
 * run are started on a real `tutorloop serve`, which is killed (SIGKILL) while both are half done. The
 * restarted server takes both up again once the dead one's hold lapses (TUTORLOOP_WORK_HOLD_MS), and
 * they finish without paying twice: the stand-in model server (test infrastructure) counts the calls,
 * and no item finished before the kill is asked again; only a call in flight at the kill (its reply
 * never stored) may be. Both databases.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addJudge } from '../../src/services/judges/admin.js';
import { createApiToken } from '../../src/services/auth/tokens.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, importTasks } from '../../src/services/index.js';
import { addModelEndpoint } from '../../src/services/models/index.js';
import { actorOf, createUser } from '../../src/services/users/index.js';
import { openStore } from '../../src/store/database.js';
import { testDatabases } from '../support/databases.js';
import { seededJudgeReplies } from '../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../support/models/openaiStandIn.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
// The server and its restart inherit this: a dead server's work is taken up 1.5 s after its last renewal.
process.env.TUTORLOOP_WORK_HOLD_MS = '1500';
const API_KEY = 'sk-resume-fault-0099';
const PROMPTS = 12;
const SAMPLES = 2;
const JUDGED = 8;

beforeAll(() => buildCli());

async function seed(url: string, standIn: StandIn) {
  const store = await openStore(url);
  try {
    const ctx = serviceContext(store);
    const password = 'a long password for faults 42';
    const admin = actorOf(await createUser(ctx, null, { email: 'admin@faults.test', name: 'Admin', role: 'admin', password }));
    const manager = actorOf(await createUser(ctx, null, { email: 'manager@faults.test', name: 'Manager', role: 'manager', password }));
    for (const model of ['writer', 'judgy'])
      await addModelEndpoint(ctx, admin, {
        name: model,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
        maxConcurrency: 1,
      });
    await addJudge(ctx, admin, { name: 'Judgy', endpoint: 'judgy' });
    const generated = await createProject(ctx, manager, { name: 'generated', type: 'preference', domains: ['general'] });
    const judged = await createProject(ctx, manager, {
      name: 'judged',
      type: 'preference',
      domains: ['general'],
      overlap: 1,
      eligibility: { tiers: ['model', 'generalist', 'specialist'] },
    });
    const pairs = Array.from({ length: JUDGED }, (_, i) =>
      JSON.stringify({
        id: `j${i}`,
        type: 'preference',
        domain: 'general',
        prompt: `judge question ${i}`,
        responses: [
          { id: 'a', text: `GOOD answer ${i}` },
          { id: 'b', text: `weak answer ${i}` },
        ],
      }),
    );
    await importTasks(ctx, manager, judged.id, [pairs.join('\n')]);
    return { generated: generated.id, judged: judged.id, token: (await createApiToken(ctx, manager, 'faults')).token };
  } finally {
    await store.close();
  }
}

describe.each(testDatabases())('judge runs and generation jobs resume after a crash on $name', ({ freshUrl }) => {
  let server: ServerProcess | undefined;
  let standIn: StandIn | undefined;
  afterEach(async () => {
    if (server?.running) await server.stop();
    await standIn?.close();
  });

  it('a killed server’s job and run finish after the restart without paying twice', async () => {
    standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      latencyMs: 150,
      respond: seededJudgeReplies(
        { judgy: { accuracy: 1, positionBias: 0, confidence: 0.9 } },
        (b) => `reply to ${b.messages.at(-1)?.content} #${b.seed}`,
      ),
    });
    const url = await freshUrl();
    const s = await seed(url, standIn);
    server = new ServerProcess(url, await freePort());
    await server.start();
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${s.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    const prompts = Array.from({ length: PROMPTS }, (_, i) =>
      JSON.stringify({ id: `p${i}`, prompt: `prompt ${i}`, domain: 'general' }),
    ).join('\n');
    const job = await api('POST', `/api/projects/${s.generated}/generation-jobs`, { prompts, models: ['writer'], samples: SAMPLES });
    const run = await api('POST', `/api/projects/${s.judged}/judge-runs`, { judge: 'Judgy' });

    // Kill once both are under way and neither is finished.
    const byModel = (m: string) => standIn!.requests.filter((r) => r.model === m);
    for (const until = Date.now() + 30_000; byModel('writer').length < 2 || byModel('judgy').length < 2; ) {
      if (Date.now() > until) throw new Error(`no progress before the kill:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.kill('SIGKILL');
    const calledBeforeKill = { writer: byModel('writer').length, judgy: byModel('judgy').length };
    expect(calledBeforeKill.writer).toBeLessThan(PROMPTS * SAMPLES);
    expect(calledBeforeKill.judgy).toBeLessThan(JUDGED);

    await server.start();
    const finished = async () => {
      const [j, r] = [await api('GET', `/api/generation-jobs/${job.jobId}`), await api('GET', `/api/judge-runs/${run.runId}`)];
      return j.state === 'done' && r.state === 'done' ? { j, r } : null;
    };
    let done: Awaited<ReturnType<typeof finished>> = null;
    for (const until = Date.now() + 60_000; !(done = await finished()); ) {
      if (Date.now() > until) throw new Error(`not finished after the restart:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done.j).toMatchObject({ done: PROMPTS * SAMPLES, failed: 0, problems: [] });
    expect(done.r).toMatchObject({ judged: JUDGED, failed: 0 });
    await server.stop();
    const store = await openStore(url);
    try {
      // The finished job became its tasks, once; the judge judged each pair once.
      const tasks = await store.db.selectFrom('tasks').select('id').where('project_id', '=', s.generated).execute();
      expect(tasks).toHaveLength(PROMPTS);
      const annotations = await store.db.selectFrom('annotations').select('task_id').where('project_id', '=', s.judged).execute();
      expect(new Set(annotations.map((a) => a.task_id)).size).toBe(JUDGED);
      expect(annotations).toHaveLength(JUDGED);
    } finally {
      await store.close();
    }

    // Each generation item (prompt × sample seed) and each judged pair was asked once, but for at most the
    // one call in flight at the kill (each endpoint allows one at a time).
    const repeats = (keys: string[]) => keys.length - new Set(keys).size;
    const generationKeys = byModel('writer').map((r) => `${r.messages.at(-1)?.content}#${r.seed}`);
    expect(new Set(generationKeys).size).toBe(PROMPTS * SAMPLES);
    expect(repeats(generationKeys)).toBeLessThanOrEqual(1);
    const judgeKeys = byModel('judgy').map((r) => (JSON.parse(r.messages.at(-1)!.content) as { task: { prompt: string } }).task.prompt);
    expect(new Set(judgeKeys).size).toBe(JUDGED);
    expect(repeats(judgeKeys)).toBeLessThanOrEqual(1);
    // The restarted server did the rest: calls after the kill.
    expect(byModel('writer').length).toBeGreaterThan(calledBeforeKill.writer);
    expect(byModel('judgy').length).toBeGreaterThan(calledBeforeKill.judgy);
  });
});

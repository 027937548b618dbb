/**
 * Fuzzed imports (issue 12, fault suite): over 100,000 generated bad lines, from a seeded generator
 * (truncated lines, wrong types, missing fields, huge values, bad UTF-8, deep nesting, wrong task
 * types and domains, bad gold, duplicate and conflicting ids, …), go through the real import path
 * (importTasks: read, cut, parse, validate, stage, discard; a sample through HTTP too). Every bad line
 * is refused on its own with its line number and, where a field is at fault, that field; no message
 * is a stack trace; and the project is exactly as before (rows, counters, staging, audit). Counts
 * go to bench/results/faults.json under `importFuzz`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../src/services/index.js';
import { UserInputError, type LineProblem } from '../../src/domain/errors.js';
import { actorOf } from '../../src/services/users/index.js';
import { testDatabases } from '../support/databases.js';
import { addUser as addServiceUser, harness as serviceHarness, preferenceLine } from '../support/fixtures.js';
import { addUser, harness as serverHarness, signIn } from '../support/appHarness.js';
import { badLine, conflictFile, type FuzzCase } from './importFuzzCases.js';

const SEED = 20261205;
const LINE_CASES = 100_000;
const PER_IMPORT = 10_000;
const FILE_CASES = 300;
const LIMITS = { maxLineBytes: 4000, maxFieldBytes: 1000 };

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function refusal(p: Promise<unknown>): Promise<UserInputError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof UserInputError)) throw new Error(`expected the import to be refused, got ${e instanceof Error ? e.stack : String(e)}`);
  return e;
}

/** Every problem is on a line that has a case, names the case's field when it has one, and reads as a sentence, not a trace. */
function checkProblems(problems: LineProblem[], cases: Map<number, FuzzCase>, byKind: Record<string, number>) {
  const byLine = new Map<number, LineProblem[]>();
  for (const p of problems) {
    expect(p.line, JSON.stringify(p)).toBeTypeOf('number');
    expect(p.message).not.toMatch(/\n\s+at |Error:|undefined|\[object/);
    expect(p.message.length).toBeLessThan(400);
    byLine.set(p.line!, [...(byLine.get(p.line!) ?? []), p]);
  }
  for (const [line, c] of cases) {
    const got = byLine.get(line);
    expect(got, `line ${line} (${c.kind}) was not refused: ${c.text.slice(0, 200)}`).toBeDefined();
    const match = got!.some(
      (p) =>
        (c.field === undefined ? p.field === undefined : typeof c.field === 'string' ? p.field === c.field : c.field.test(p.field ?? '')) &&
        c.message.test(p.message),
    );
    expect(match, `line ${line} (${c.kind}): ${JSON.stringify(got)} should name ${String(c.field)} / ${c.message}`).toBe(true);
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  }
  for (const line of byLine.keys()) expect(cases.has(line), `line ${line} was refused but is good`).toBe(true);
}

const results: Record<string, unknown> = {};

afterAll(() => {
  const file = resolve(import.meta.dirname, '../../bench/results/faults.json');
  mkdirSync(dirname(file), { recursive: true });
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const previous = (existing.importFuzz as Record<string, unknown> | undefined) ?? {};
  writeFileSync(
    file,
    `${JSON.stringify({ ...existing, importFuzz: { ...previous, ...results, seed: SEED, recordedAt: new Date().toISOString() } }, null, 2)}\n`,
  );
});

describe.each(testDatabases())('fuzzed imports on $name', ({ name, freshUrl }) => {
  it(`refuses ${LINE_CASES} generated bad lines and ${FILE_CASES} bad files one by one, naming line and field, and changes nothing`, async () => {
    const started = performance.now();
    const h = await serviceHarness(await freshUrl());
    try {
      const manager = await addServiceUser(h.store, { role: 'manager' });
      const tutor = await addServiceUser(h.store, { role: 'tutor' });
      const project = await createProject(h.ctx, manager, { name: 'fuzz', type: 'preference', domains: ['general', 'code'] });
      await importTasks(h.ctx, manager, project.id, [`${Array.from({ length: 50 }, (_, i) => preferenceLine(`seed-${i}`)).join('\n')}\n`]);
      for (let i = 0; i < 5; i++) {
        const n = await nextAssignment(h.ctx, tutor, project.id);
        if (n && i % 2 === 0) await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
      }
      const snapshot = async () => ({
        tasks: await h.store.db
          .selectFrom('tasks')
          .select(['id', 'external_id', 'content_hash', 'submitted_count', 'active_leases', 'is_open'])
          .orderBy('id')
          .execute(),
        assignments: (await h.store.db.selectFrom('assignments').select('id').execute()).length,
        annotations: (await h.store.db.selectFrom('annotations').select('id').execute()).length,
        staged: (await h.store.db.selectFrom('import_rows').select('id').execute()).length,
        imports: (await h.store.db.selectFrom('imports').select('id').execute()).length,
        audits: (await h.store.db.selectFrom('audit_log').select('id').where('action', '=', 'tasks.import').execute()).length,
      });
      const before = await snapshot();
      const random = rng(SEED);
      const byKind: Record<string, number> = {};
      let importCalls = 0;

      // Line cases: each import has a good head (staged, then discarded) and PER_IMPORT bad lines.
      for (let done = 0; done < LINE_CASES; done += PER_IMPORT) {
        const head = Array.from({ length: 1200 }, (_, i) => Buffer.from(`${preferenceLine(`good-${done}-${i}`)}\n`));
        const cases = new Map<number, FuzzCase>();
        const body: Buffer[] = [...head];
        for (let i = 0; i < PER_IMPORT; i++) {
          const c = badLine(random, `f${done + i}`, LIMITS);
          cases.set(head.length + i + 1, c);
          body.push(c.bytes, Buffer.from('\n'));
        }
        const e = await refusal(
          importTasks(h.ctx, manager, project.id, body, { fileName: 'fuzz.jsonl', maxProblems: 1e9, limits: LIMITS }),
        );
        importCalls++;
        checkProblems(e.problems, cases, byKind);
      }

      // File cases: a repeated id with other content, or an id already in the project with other content.
      for (let i = 0; i < FILE_CASES; i++) {
        const { lines, line } = conflictFile(random, `c${i}`, i % 2 === 0 ? null : `seed-${i % 50}`);
        const e = await refusal(
          importTasks(h.ctx, manager, project.id, [`${lines.join('\n')}\n`], { fileName: 'dup.jsonl', limits: LIMITS }),
        );
        importCalls++;
        expect(e.problems.map((p) => [p.line, p.field])).toEqual([[line, 'id']]);
        byKind[i % 2 === 0 ? 'repeated id' : 'conflicting id'] = (byKind[i % 2 === 0 ? 'repeated id' : 'conflicting id'] ?? 0) + 1;
      }
      expect(await snapshot()).toEqual(before);
      const total = Object.values(byKind).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(LINE_CASES + FILE_CASES);
      results[name] = {
        cases: total,
        byKind,
        importCalls,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        projectUnchanged: true,
      };
    } finally {
      await h.close();
    }
  });

  it('refuses generated bad bodies over HTTP with 400s that list line and field, and changes nothing', async () => {
    const h = await serverHarness(await freshUrl(), { imports: { lineLimits: LIMITS } });
    try {
      const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
      const cookie = await signIn(h, manager);
      const project = await createProject(h.ctx, actorOf(manager.user), { name: 'fuzz', type: 'preference', domains: ['general', 'code'] });
      const random = rng(SEED + 1);
      let checked = 0;
      for (let call = 0; call < 10; call++) {
        const cases = new Map<number, FuzzCase>();
        const body: Buffer[] = [];
        for (let i = 0; i < 1000; i++) {
          const c = badLine(random, `h${call}-${i}`, LIMITS);
          cases.set(i + 1, c);
          body.push(c.bytes, Buffer.from('\n'));
        }
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/projects/${project.id}/tasks`,
          cookies: { tl_session: cookie },
          headers: { 'content-type': 'application/x-ndjson' },
          payload: Buffer.concat(body),
        });
        expect(res.statusCode, res.body.slice(0, 500)).toBe(400);
        const problems = res.json().error.problems as LineProblem[];
        // The answer lists the first 100 problems, then "and N more".
        expect(problems.at(-1)).toEqual({ message: expect.stringMatching(/^and \d+ more$/) });
        // The last listed line may have had more problems than were listed: check the lines before it.
        const lastLine = problems.at(-2)!.line!;
        const listed = problems.slice(0, -1).filter((p) => p.line! < lastLine);
        checkProblems(listed, new Map([...cases].filter(([line]) => line < lastLine)), {});
        checked += new Set(listed.map((p) => p.line)).size;
      }
      const tasks = await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', project.id).execute();
      expect(tasks).toEqual([]);
      expect(await h.store.db.selectFrom('import_rows').select('id').execute()).toEqual([]);
      results[`${name}Http`] = { bodies: 10, linesPerBody: 1000, casesChecked: checked };
    } finally {
      await h.close();
    }
  });
});

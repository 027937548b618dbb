/**
 * A finished project at scale, built quickly: tasks through the real import service, then the
 * judgments a finished run leaves (assignments 'submitted', annotations, task counters closed, gold
 * results, reviews open and decided) written set-wise in SQL, so a million tasks take a minute, not
 * a day of simulated tutors. The rows are the ones the routing store writes for a submit (same
 * columns, same response JSON as the services store), and every trigger on them fires.
 *
 * Projects: `Scale preference` (N tasks, 3 judgments each, 1 % gold, three domains), `Scale labels`
 * (N/10), `Scale ratings` (N/20), and `Scale live` (open label tasks the tutors' load works on).
 */
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { openStore, type Store } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, importTasks } from '../../src/services/index.js';
import { actorOf, createUser } from '../../src/services/users/index.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import { createApiToken } from '../../src/services/auth/tokens.js';
import { insertUser } from '../../src/store/repositories/users.js';

export const TUTORS = 200;
export const LIVE_TUTORS = 20;
const DOMAINS = ['general', 'code', 'math'];
const DAY = 86_400_000;

export interface Built {
  projects: { id: number; name: string; type: string; tasks: number; formats: string[] }[];
  managerToken: string;
  adminToken: string;
  liveProjectId: number;
  liveTokens: string[];
  /** For the task browser's calls: a tutor who judged in every project, and a task half-way through the first project. */
  sample: { tutorId: number; taskId: number; externalId: string };
  seconds: { import: number; judgments: number; total: number };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function taskLine(type: string, i: number): string {
  const domain = DOMAINS[i % 3];
  const gold = i % 100 === 50;
  const base = { id: `t${i}`, type, domain, priority: i % 7 === 0 ? 1 : 0 };
  if (type === 'preference')
    return JSON.stringify({
      ...base,
      prompt: `Question ${i}: how should one explain recursion to a first-year student, briefly?`,
      responses: [
        { id: 'a', text: `Answer A for ${i}: a function that calls itself on a smaller input until a base case stops it.`, model: 'm1' },
        { id: 'b', text: `Answer B for ${i}: think of Russian dolls; each opens to a smaller one until the last.`, model: 'm2' },
      ],
      ...(gold ? { gold: { choice: 'a' } } : {}),
    });
  if (type === 'label')
    return JSON.stringify({ ...base, text: `Is item ${i} relevant to the query?`, ...(gold ? { gold: { labels: ['yes'] } } : {}) });
  return JSON.stringify({
    ...base,
    prompt: `Summarise item ${i} in one sentence.`,
    response: { text: `Item ${i} is summarised here in one sentence.`, model: 'm1' },
  });
}

async function* lines(type: string, n: number) {
  for (let i = 0; i < n; i += 10_000) {
    let s = '';
    for (let j = i; j < Math.min(n, i + 10_000); j++) s += `${taskLine(type, j)}\n`;
    yield s;
  }
}

/** The stored response per task type, as the submit service stores it (parsed, defaults filled), chosen in SQL. */
function responseSql(type: string) {
  // a.id mixes tutor and task: mostly agreeing crowds with some noise, so consensus has work to do.
  if (type === 'preference')
    return sql`CASE WHEN (a.id * 7) % 10 < 7 THEN '{"choice":"a","strength":2}' WHEN (a.id * 7) % 10 < 9 THEN '{"choice":"b","strength":2}' ELSE '{"choice":"tie","strength":2}' END`;
  if (type === 'label') return sql`CASE WHEN (a.id * 7) % 10 < 8 THEN '{"labels":["yes"]}' ELSE '{"labels":["no"]}' END`;
  return sql`CASE WHEN (a.id * 7) % 10 < 6 THEN '{"scores":{"helpfulness":4}}' ELSE '{"scores":{"helpfulness":2}}' END`;
}

/** Three judgments on every task of a project by distinct tutors, over 30 days; closes the tasks. */
async function judge(store: Store, projectId: number, type: string, firstTutor: number, start: number): Promise<void> {
  const db = store.db;
  for (let k = 0; k < 3; k++) {
    // (id*7 + 67k) mod TUTORS differs for k = 0, 1, 2: three distinct tutors per task. In task order, so every
    // build numbers the assignments alike and the answers (chosen by id below) are the same on both databases:
    // PostgreSQL's parallel scan handed them out in another order on each build.
    const tutor = sql`${sql.lit(firstTutor)} + ((t.id * 7 + ${sql.lit(67 * k)}) % ${sql.lit(TUTORS)})`;
    const at = sql`${sql.lit(start)} + ((t.id * 131 + ${sql.lit(k * 3_600_000)}) % ${sql.lit(30 * DAY)})`;
    await sql`INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at, finished_at)
      SELECT t.id, t.project_id, ${tutor}, 'submitted', ${at}, ${at} + 1800000, ${at} + 60000
      FROM tasks t WHERE t.project_id = ${sql.lit(projectId)} ORDER BY t.id`.execute(db);
  }
  await sql`INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
    SELECT a.id, a.task_id, a.project_id, a.user_id, ${responseSql(type)}, 4000 + ((a.id % 120000) * 7919) % 120000, a.finished_at
    FROM assignments a WHERE a.project_id = ${sql.lit(projectId)} ORDER BY a.id`.execute(db);
  await sql`UPDATE tasks SET submitted_count = 3, active_leases = 0, is_open = 0 WHERE project_id = ${sql.lit(projectId)}`.execute(db);
  // Gold judgments are scored as live gold scores them.
  const correct =
    type === 'preference'
      ? sql`CASE WHEN n.response LIKE '{"choice":"a"%' THEN 1 ELSE 0 END`
      : sql`CASE WHEN n.response = '{"labels":["yes"]}' THEN 1 ELSE 0 END`;
  if (type !== 'rating')
    await sql`INSERT INTO gold_results (user_id, project_id, task_id, annotation_id, domain, correct, created_at)
      SELECT n.user_id, n.project_id, n.task_id, n.id, t.domain, ${correct}, n.created_at
      FROM annotations n JOIN tasks t ON t.id = n.task_id WHERE n.project_id = ${sql.lit(projectId)} AND t.is_gold = 1`.execute(db);
  // Reviews: 1 task in 200, half decided (a reviewer's verdict), half open.
  await sql`INSERT INTO reviews (project_id, task_id, domain, reason, state, reviewer_id, verdict, created_at, decided_at)
    SELECT t.project_id, t.id, t.domain, CASE WHEN t.id % 3 = 0 THEN 'disagreement' ELSE 'low_confidence' END,
      CASE WHEN t.id % 2 = 0 THEN 'decided' ELSE 'open' END,
      CASE WHEN t.id % 2 = 0 THEN ${sql.lit(firstTutor - 1)} ELSE NULL END,
      CASE WHEN t.id % 2 = 0 THEN ${type === 'preference' ? '{"choice":"a","strength":2}' : type === 'label' ? '{"labels":["yes"]}' : '{"scores":{"helpfulness":4}}'} ELSE NULL END,
      ${sql.lit(start + 29 * DAY)}, CASE WHEN t.id % 2 = 0 THEN ${sql.lit(start + 29 * DAY)} + (t.id % 600000) ELSE NULL END
    FROM tasks t WHERE t.project_id = ${sql.lit(projectId)} AND t.is_gold = 0 AND t.id % 200 = 0`.execute(db);
  if (store.dialect === 'postgres') await sql`ANALYZE`.execute(db);
}

export async function buildScale(url: string, tasks: number): Promise<Built> {
  const t0 = performance.now();
  const store = await openStore(url);
  const ctx = serviceContext(store);
  const admin = await createUser(ctx, null, {
    email: 'scale-admin@example.org',
    name: 'Admin',
    role: 'admin',
    password: 'bench-password-1',
  });
  const manager = await createUser(ctx, actorOf(admin), {
    email: 'scale-manager@example.org',
    name: 'Manager',
    role: 'manager',
    password: 'bench-password-1',
  });
  // One shared hash: scrypt per user would dominate the setup, and sign-in is not measured.
  const passwordHash = await hashPassword('bench-password-1');
  const reviewer = await insertUser(store.db, {
    email: 'scale-reviewer@example.org',
    name: 'Reviewer',
    role: 'reviewer',
    tier: 'specialist',
    domains: DOMAINS,
    payModel: 'hourly',
    payRate: 6000,
    passwordHash,
    createdAt: Date.now(),
  });
  const tutorIds: number[] = [];
  for (let i = 0; i < TUTORS; i++) {
    const u = await insertUser(store.db, {
      email: `scale-tutor${i}@example.org`,
      name: `Tutor ${i}`,
      role: 'tutor',
      tier: i % 4 === 0 ? 'specialist' : 'generalist',
      domains: DOMAINS,
      payModel: i % 5 === 0 ? 'hourly' : 'per_task',
      payRate: i % 5 === 0 ? 3000 : 40,
      passwordHash,
      createdAt: Date.now(),
    });
    tutorIds.push(u.id);
  }
  // The SQL picks tutors by offset from the first id; the ids must be one run (reviewer just before).
  if (tutorIds[TUTORS - 1] - tutorIds[0] !== TUTORS - 1 || reviewer.id !== tutorIds[0] - 1) throw new Error('tutor ids are not contiguous');

  const specs = [
    { name: 'Scale preference', type: 'preference', tasks, formats: ['dpo', 'annotations'] },
    { name: 'Scale labels', type: 'label', tasks: Math.ceil(tasks / 10), formats: ['classification'] },
    { name: 'Scale ratings', type: 'rating', tasks: Math.ceil(tasks / 20), formats: ['ratings'] },
  ];
  const projects: Built['projects'] = [];
  let importSeconds = 0;
  let judgeSeconds = 0;
  const start = Date.now() - 31 * DAY;
  for (const s of specs) {
    const p = await createProject(ctx, actorOf(manager), {
      name: s.name,
      type: s.type,
      domains: DOMAINS,
      overlap: 3,
      goldRate: s.type === 'rating' ? 0 : 0.05,
      payPerTask: 40,
      ...(s.type === 'label' ? { labels: ['yes', 'no'] } : {}),
      ...(s.type === 'rating' ? { rubric: [{ name: 'helpfulness', scale: 5 }] } : {}),
    });
    const ti = performance.now();
    await importTasks(ctx, actorOf(manager), p.id, lines(s.type, s.tasks), { fileName: `${s.type}.jsonl` });
    const tj = performance.now();
    await judge(store, p.id, s.type, tutorIds[0], start);
    judgeSeconds += (performance.now() - tj) / 1000;
    importSeconds += (tj - ti) / 1000;
    log(
      `  ${s.name}: ${s.tasks} tasks imported in ${((tj - ti) / 1000).toFixed(1)} s, judged in ${((performance.now() - tj) / 1000).toFixed(1)} s`,
    );
    projects.push({ id: p.id, name: s.name, type: s.type, tasks: s.tasks, formats: s.formats });
  }
  const live = await createProject(ctx, actorOf(manager), {
    name: 'Scale live',
    type: 'label',
    domains: DOMAINS,
    labels: ['yes', 'no'],
    overlap: 3,
  });
  await importTasks(ctx, actorOf(manager), live.id, lines('label', Math.min(200_000, tasks)), { fileName: 'live.jsonl' });
  const liveTokens: string[] = [];
  for (const id of tutorIds.slice(0, LIVE_TUTORS)) {
    liveTokens.push((await createApiToken(ctx, { id, role: 'tutor', tier: 'generalist', domains: DOMAINS }, 'scale')).token);
  }
  const middle = await store.db
    .selectFrom('tasks')
    .select(['id', 'external_id'])
    .where('project_id', '=', projects[0].id)
    .orderBy('id')
    .offset(Math.floor(projects[0].tasks / 2))
    .limit(1)
    .executeTakeFirstOrThrow();
  const managerToken = (await createApiToken(ctx, actorOf(manager), 'scale')).token;
  const adminToken = (await createApiToken(ctx, actorOf(admin), 'scale')).token;
  await store.close();
  return {
    projects,
    managerToken,
    adminToken,
    liveProjectId: live.id,
    liveTokens,
    sample: { tutorId: tutorIds[0], taskId: middle.id, externalId: middle.external_id },
    seconds: { import: round(importSeconds), judgments: round(judgeSeconds), total: round((performance.now() - t0) / 1000) },
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Loads the demo (people, certifications, projects, tasks) through the real services, so the demo
 * exercises the same validation, audit and import paths as real use. Idempotent: each step looks
 * before it writes, so a run interrupted half-way completes on the next start, and a database that
 * already has projects of its own is left alone.
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceContext } from '../services/context.js';
import {
  createExam,
  createProject,
  getProjectByName,
  grantCertification,
  importTasks,
  listExams,
  listProjects,
} from '../services/index.js';
import { activeCertifications, actorOf, createUser } from '../services/users/index.js';
import { findUserForLogin } from '../store/repositories/users.js';
import { DEMO_ACCOUNTS } from './accounts.js';
import { DEMO_EXAMS, DEMO_PROJECTS } from './projects.js';

export interface SeedResult {
  /** False when the database already had projects and nothing was loaded. */
  seeded: boolean;
  users: number;
  projects: number;
  tasks: number;
}

/** demo/ at the package root: next to dist/ for the bundle, two levels up from src/demo/ for the sources. */
export function defaultDemoDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../demo'), resolve(here, '../../demo')];
  return candidates.find((d) => existsSync(join(d, 'tasks'))) ?? candidates[1];
}

export async function seedDemo(ctx: ServiceContext, options: { demoDir?: string; force?: boolean } = {}): Promise<SeedResult> {
  const demoDir = options.demoDir ?? defaultDemoDir();
  const existing = await listProjects(ctx);
  const demoNames = new Set(DEMO_PROJECTS.map((p) => p.input.name));
  // A database with projects of its own is someone's real data: the demo never mixes into it.
  if (!options.force && existing.some((p) => !demoNames.has(p.name))) return { seeded: false, users: 0, projects: 0, tasks: 0 };
  if (!options.force && existing.length === DEMO_PROJECTS.length) return { seeded: false, users: 0, projects: 0, tasks: 0 };

  let users = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserForLogin(ctx.store.db, account.email)) continue;
    const { persona: _persona, certifications: _certs, ...input } = account;
    await createUser(ctx, null, input);
    users++;
  }
  const admin = (await findUserForLogin(ctx.store.db, DEMO_ACCOUNTS[0].email))!.user;
  const manager = (await findUserForLogin(ctx.store.db, DEMO_ACCOUNTS[1].email))!.user;

  for (const account of DEMO_ACCOUNTS) {
    if (!account.certifications) continue;
    const user = (await findUserForLogin(ctx.store.db, account.email))!.user;
    const held = await activeCertifications(ctx, user.id);
    for (const c of account.certifications) {
      if (held.some((h) => h.domain === c.domain)) continue;
      await grantCertification(ctx, actorOf(admin), user.id, c);
    }
  }

  let projects = 0;
  let tasks = 0;
  for (const demo of DEMO_PROJECTS) {
    let project = (await getProjectByName(ctx, demo.input.name).catch(() => null)) ?? null;
    if (!project) {
      const grading = demo.rubricGradingProjectName ? await getProjectByName(ctx, demo.rubricGradingProjectName) : null;
      project = await createProject(ctx, actorOf(manager), grading ? { ...demo.input, rubricGradingProject: grading.id } : demo.input);
      projects++;
    }
    const file = join(demoDir, 'tasks', demo.file);
    // Re-importing is a no-op for tasks already there (external ids are unique per project).
    const result = await importTasks(ctx, actorOf(manager), project.id, createReadStream(file), { fileName: demo.file });
    tasks += result.imported;
  }
  const exams = await listExams(ctx);
  for (const exam of DEMO_EXAMS) {
    if (!exams.some((e) => e.domain === exam.domain)) await createExam(ctx, actorOf(manager), exam);
  }
  return { seeded: true, users, projects, tasks };
}

/**
 * The simulator's platform over HTTP (`tutorloop simulate --url`): the same operations as the
 * in-process platform, done through a running server's documented API (docs/api.md), so the
 * simulated tutors go through that server's routing, submission and quality code exactly as
 * people in browsers would.
 *
 * Setup, as an admin (a session from email + password, or an admin API token):
 * - one user per simulated tutor (`POST /api/users`), with an email unique to this run
 *   (`sim-<run>-<tutor>@simulation.invalid`) and a random password, certified where the scenario
 *   says (`POST /api/users/:id/certifications`); each tutor then signs in (`POST /api/session`)
 *   and works with their own session cookie;
 * - the project (`POST /api/projects`, the scenario's name plus the run id, so runs never
 *   collide) and its tasks as one NDJSON import; the ids tutors are shown are mapped back to the
 *   world's external ids from the manager's task list (`tutorTaskId`; tutors never see `meta`).
 * Work: `POST /api/projects/:id/next` (200 offer or 204), `POST /api/assignments/:id/submit`
 * (201 `{annotationId}`, 409 when the lease expired or was used), `POST /api/assignments/:id/skip`.
 * Every acknowledged submission is kept (tutor, annotation id, task, response, duration) so the
 * run can be reconciled with the server's export afterwards (accounting.ts).
 *
 * Not here: the virtual clock (the server's clock is real: leases expire in real seconds) and
 * closing items for adaptive overlap (the API has no such call; adaptive overlap is the server's
 * routing's job, passed on as the project's `quality.adaptiveOverlap`).
 */
import { randomBytes } from 'node:crypto';
import type { World } from './crowd.js';
import { HttpApiError, HttpClient, mapLimit, type Auth } from './httpClient.js';
import { LoadMeter } from './load.js';
import { taskLine, type Offer, type SimPlatform, type SubmitOutcome } from './platform.js';
import { qualityPolicyOf, type Scenario } from './scenario.js';

export interface HttpPlatformOptions {
  url: string;
  /** Admin credentials: an API token, or email and password. */
  admin: { token: string } | { email: string; password: string };
  /** Setup calls in flight at once (user creation hashes a password on the server: keep it small). */
  setupConcurrency?: number;
  /** Per-call timeout, ms. */
  timeoutMs?: number;
  meter?: LoadMeter;
}

/** One submission the server acknowledged with 201. */
export interface Ack {
  tutor: number;
  annotationId: number;
  /** World external id. */
  taskId: string;
  response: unknown;
  durationMs: number;
  /** Client wall clock when the 201 arrived, ms since epoch. */
  at: number;
}

/** The server's annotations export, one parsed line each. */
export interface ExportLine {
  taskId: string;
  tutor: string;
  response: unknown;
  durationMs: number;
  createdAt: string;
  annotationId?: number;
  correction?: boolean;
}

export interface PerTutorStats {
  userId: number;
  judgments: number;
}

export class HttpPlatform implements SimPlatform {
  readonly meter: LoadMeter;
  readonly client: HttpClient;
  readonly runId = randomBytes(4).toString('hex');
  readonly acks: Ack[] = [];
  projectId = 0;
  projectName = '';
  /** Platform user id per world tutor. */
  userIds: number[] = [];
  private admin: Auth = null;
  private sessions: string[] = [];
  private passwords: string[] = [];
  private emails: string[] = [];
  private simIds = new Map<number, string>();
  private world: World | null = null;

  constructor(private readonly options: HttpPlatformOptions) {
    this.meter = options.meter ?? new LoadMeter();
    this.client = new HttpClient(options.url, this.meter, options.timeoutMs);
  }

  async setup(scenario: Scenario, world: World): Promise<void> {
    this.world = world;
    const c = this.client;
    const limit = this.options.setupConcurrency ?? 4;
    const a = this.options.admin;
    this.admin = 'token' in a ? { bearer: a.token } : { cookie: await c.signIn('admin sign-in', a.email, a.password) };
    const me = (await c.call('me', 'GET', '/api/me', { auth: this.admin })).body as { user: { role: string; email: string } };
    if (me.user.role !== 'admin')
      throw new HttpApiError(
        'me',
        403,
        'forbidden',
        `${me.user.email} is a ${me.user.role}; --url setup needs an admin (it creates users)`,
      );

    this.emails = world.tutors.map((t) => `sim-${this.runId}-${t.key}@simulation.invalid`.toLowerCase());
    this.passwords = world.tutors.map(() => randomBytes(12).toString('base64url'));
    this.userIds = await mapLimit(world.tutors, limit, async (t, i) => {
      const made = await c.call('create user', 'POST', '/api/users', {
        auth: this.admin,
        json: {
          email: this.emails[i],
          name: `${t.key} (simulation ${this.runId})`,
          role: 'tutor',
          tier: t.tier,
          domains: [...t.domains],
          payModel: t.payModel,
          payRate: t.payRate,
          password: this.passwords[i],
        },
      });
      const id = (made.body as { user: { id: number } }).user.id;
      for (const domain of t.certified)
        await c.call('certify', 'POST', `/api/users/${id}/certifications`, { auth: this.admin, json: { domain } });
      return id;
    });

    const first = scenario.tasks[0],
      p = scenario.project;
    this.projectName = `${scenario.name.slice(0, 170)} [simulation ${this.runId}]`;
    const project = await c.call('create project', 'POST', '/api/projects', {
      auth: this.admin,
      json: {
        name: this.projectName,
        type: first.type,
        domains: [...new Set(scenario.tasks.map((t) => t.domain))],
        overlap: p.adaptive ? p.adaptive.max : p.overlap,
        goldRate: p.goldRate,
        eligibility: { tiers: p.tiers, requireCertification: p.requireCertification },
        payPerTask: p.payPerTask,
        leaseSeconds: p.leaseSeconds,
        ...(first.type === 'label' ? { labels: first.labels } : {}),
        ...(qualityPolicyOf(p) ? { quality: qualityPolicyOf(p) } : {}),
      },
    });
    this.projectId = (project.body as { project: { id: number } }).project.id;
    const ndjson = world.tasks.map((t) => JSON.stringify(taskLine(t))).join('\n') + '\n';
    const imported = (
      await c.call('import', 'POST', `/api/projects/${this.projectId}/tasks`, {
        auth: this.admin,
        raw: { body: ndjson, type: 'application/x-ndjson' },
      })
    ).body as { imported: number; skipped: number };
    if (imported.imported !== world.tasks.length)
      throw new Error(`the server imported ${imported.imported} of ${world.tasks.length} tasks (${imported.skipped} skipped)`);
    for (let offset = 0; ; offset += 1000) {
      const page = (
        await c.call('list tasks', 'GET', `/api/projects/${this.projectId}/tasks?offset=${offset}&limit=1000`, { auth: this.admin })
      ).body as { tasks: { tutorTaskId: number; externalId: string }[]; total: number };
      // Tutors see each task under its tutor-facing id, which the manager's list gives beside the real one.
      for (const t of page.tasks) this.simIds.set(t.tutorTaskId, t.externalId);
      if (page.tasks.length === 0 || offset + page.tasks.length >= page.total) break;
    }
    this.sessions = await mapLimit(world.tutors, limit, (_t, i) => c.signIn('tutor sign-in', this.emails[i], this.passwords[i]));
  }

  async next(tutor: number): Promise<Offer | null> {
    const answer = await this.client.call('next', 'POST', `/api/projects/${this.projectId}/next`, {
      auth: { cookie: this.sessions[tutor] },
      ok: [200, 204],
      retry: 'safe',
    });
    if (answer.status === 204) return null;
    const body = answer.body as { assignment: { id: number; expiresAt: string }; task: { id: number } };
    const simId = this.simIds.get(body.task.id);
    if (simId === undefined) throw new Error(`the server offered task ${body.task.id}, which this run did not import`);
    return { assignmentId: body.assignment.id, taskId: body.task.id, simId, expiresAt: Date.parse(body.assignment.expiresAt) };
  }

  /** Submits; returns the annotation id (201) or `conflict` (409). Other answers throw. */
  async submitForAck(tutor: number, offer: Offer, response: unknown, durationMs: number): Promise<number | 'conflict'> {
    const answer = await this.client.call('submit', 'POST', `/api/assignments/${offer.assignmentId}/submit`, {
      auth: { cookie: this.sessions[tutor] },
      json: { response, durationMs },
      ok: [200, 201, 409],
      retry: 'idempotent',
    });
    if (answer.status === 409) return 'conflict';
    const id = (answer.body as { annotationId?: unknown } | null)?.annotationId;
    if (typeof id !== 'number')
      throw new HttpApiError('submit', answer.status, 'bad_answer', `acknowledged without an annotationId: ${JSON.stringify(answer.body)}`);
    this.acks.push({ tutor, annotationId: id, taskId: offer.simId, response, durationMs, at: Date.now() });
    return id;
  }

  async submit(tutor: number, offer: Offer, response: unknown, durationMs: number): Promise<SubmitOutcome> {
    return (await this.submitForAck(tutor, offer, response, durationMs)) === 'conflict' ? 'conflict' : 'ok';
  }

  async skip(tutor: number, offer: Offer): Promise<void> {
    // 409/404: the lease already ended (expired, or swept); nothing is held either way.
    await this.client.call('skip', 'POST', `/api/assignments/${offer.assignmentId}/skip`, {
      auth: { cookie: this.sessions[tutor] },
      ok: [204, 404, 409],
      retry: 'idempotent',
    });
  }

  /** The project's annotations export (non-gold annotations), parsed. */
  async exportAnnotations(): Promise<ExportLine[]> {
    const answer = await this.client.call('export', 'GET', `/api/projects/${this.projectId}/export?format=annotations`, {
      auth: this.admin,
    });
    const text = typeof answer.body === 'string' ? answer.body : '';
    return text
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => {
        const line = JSON.parse(l) as ExportLine;
        // The export writes each response as a JSON string (one column type for every task type: docs/exports.md).
        return typeof line.response === 'string' ? { ...line, response: JSON.parse(line.response) } : line;
      });
  }

  /** The server's per-tutor judgment counts for the project (every annotation, gold included). */
  async perTutorStats(): Promise<PerTutorStats[]> {
    const answer = await this.client.call('stats', 'GET', `/api/projects/${this.projectId}/stats`, { auth: this.admin });
    return (answer.body as { perTutor: PerTutorStats[] }).perTutor;
  }

  async close(): Promise<void> {
    // Sign the simulated tutors out, so no live session outlives the run.
    const sessions = this.sessions;
    this.sessions = [];
    await mapLimit(sessions, 8, (s) =>
      this.client.call('sign out', 'DELETE', '/api/session', { auth: { cookie: s }, ok: [204, 401] }).catch(() => undefined),
    );
    if (this.admin && 'cookie' in this.admin)
      await this.client.call('sign out', 'DELETE', '/api/session', { auth: this.admin, ok: [204, 401] }).catch(() => undefined);
  }

  get tutorCount(): number {
    return this.world?.tutors.length ?? 0;
  }
}

/** The class index a response stands for, or -1 when it names none of the task's classes. */
export function labelOf(response: unknown, classes: readonly string[]): number {
  const r = response as { choice?: unknown; labels?: unknown } | null;
  if (r && typeof r.choice === 'string') return classes.indexOf(r.choice);
  if (r && Array.isArray(r.labels) && r.labels.length === 1 && typeof r.labels[0] === 'string') return classes.indexOf(r.labels[0]);
  return -1;
}

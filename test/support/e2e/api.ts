/** A small Node-side API client for test setup (users, projects, tasks) through the real HTTP API. */
import type { ProjectInput } from '../../../src/domain/projects.js';

export const DEMO = {
  admin: { email: 'admin@tutorloop.example', password: 'demo-admin-2026' },
  manager: { email: 'manager@tutorloop.example', password: 'demo-manager-2026' },
};

export class ApiSession {
  private cookie = '';
  constructor(readonly base: string) {}

  static async signIn(base: string, email: string, password: string): Promise<ApiSession> {
    const s = new ApiSession(base);
    const r = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!r.ok) throw new Error(`sign-in as ${email} failed: ${r.status} ${await r.text()}`);
    const set = r.headers.getSetCookie?.() ?? [r.headers.get('set-cookie') ?? ''];
    s.cookie = set
      .map((c) => c.split(';')[0])
      .filter(Boolean)
      .join('; ');
    return s;
  }

  async raw(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return fetch(`${this.base}${path}`, { method, headers, body: payload });
  }

  async json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.raw(method, path, body, contentType);
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createUser(u: {
    email: string;
    name: string;
    role?: string;
    tier?: string;
    domains?: string[];
    password: string;
    payModel?: string;
    payRate?: number;
  }) {
    return this.json<{ user: { id: number } }>('POST', '/api/users', { role: 'tutor', tier: 'generalist', domains: [], ...u });
  }

  createProject(p: ProjectInput) {
    return this.json<{ project: { id: number; name: string } }>('POST', '/api/projects', p);
  }

  importTasks(projectId: number, lines: object[]) {
    return this.json<{ imported: number; skipped: number }>(
      'POST',
      `/api/projects/${projectId}/tasks`,
      lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
      'application/x-ndjson',
    );
  }
}

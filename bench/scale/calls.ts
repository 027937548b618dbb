/**
 * The manager's and admin's API calls the web app makes (web/src/api/), timed over HTTP against the
 * server process, with the server's peak RSS while each runs. Exports are read as a stream: time to
 * the first byte, lines per second, bytes.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Built } from './build.js';

export interface Call {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  token: 'manager' | 'admin';
  kind: 'dashboard' | 'batch' | 'export';
}

/** Every call, per project where the page is per project. */
export function callsOf(built: Built): Call[] {
  const main = built.projects[0];
  const out: Call[] = [
    { name: 'projects list', method: 'GET', path: '/api/projects', token: 'manager', kind: 'dashboard' },
    { name: 'users', method: 'GET', path: '/api/users', token: 'admin', kind: 'dashboard' },
    { name: 'certification events', method: 'GET', path: '/api/certifications/events?days=90', token: 'manager', kind: 'dashboard' },
    {
      name: 'review queue',
      method: 'GET',
      path: `/api/reviews?projectId=${main.id}&state=open&limit=50`,
      token: 'admin',
      kind: 'dashboard',
    },
    { name: 'audit', method: 'GET', path: '/api/audit', token: 'admin', kind: 'dashboard' },
  ];
  for (const p of built.projects) {
    const id = p.id;
    out.push(
      { name: `${p.type}: project`, method: 'GET', path: `/api/projects/${id}`, token: 'manager', kind: 'dashboard' },
      { name: `${p.type}: stats`, method: 'GET', path: `/api/projects/${id}/stats`, token: 'manager', kind: 'dashboard' },
      { name: `${p.type}: quality`, method: 'GET', path: `/api/projects/${id}/quality`, token: 'manager', kind: 'dashboard' },
      { name: `${p.type}: economics`, method: 'GET', path: `/api/projects/${id}/economics`, token: 'manager', kind: 'dashboard' },
      {
        name: `${p.type}: review summary`,
        method: 'GET',
        path: `/api/projects/${id}/reviews/summary`,
        token: 'manager',
        kind: 'dashboard',
      },
      { name: `${p.type}: reliability`, method: 'GET', path: `/api/projects/${id}/reliability`, token: 'manager', kind: 'dashboard' },
      { name: `${p.type}: consensus page`, method: 'GET', path: `/api/projects/${id}/consensus`, token: 'manager', kind: 'dashboard' },
      {
        name: `${p.type}: tasks below 0.7`,
        method: 'GET',
        path: `/api/projects/${id}/task-list?confidenceBelow=0.7`,
        token: 'manager',
        kind: 'dashboard',
      },
    );
    for (const f of p.formats)
      out.push({
        name: `${p.type}: export summary ${f}`,
        method: 'GET',
        path: `/api/projects/${id}/export/summary?format=${f}`,
        token: 'manager',
        kind: 'dashboard',
      });
  }
  out.push(...taskBrowserCalls(built));
  return out;
}

/**
 * The task browser (web/src/manager/TasksPage.tsx, TaskBulkActions.tsx, TaskPage.tsx) on the biggest
 * project: the first page, a page deep in by cursor, each filter alone, a search, the count a
 * filter-wide action asks first, and one task's page.
 */
function taskBrowserCalls(built: Built): Call[] {
  const main = built.projects[0];
  const { tutorId, taskId, externalId } = built.sample;
  const list = (name: string, query: string): Call => ({
    name: `task browser: ${name}`,
    method: 'GET',
    path: `/api/projects/${main.id}/task-list?${query}${query ? '&' : ''}limit=50`,
    token: 'manager',
    kind: 'dashboard',
  });
  return [
    list('first page', ''),
    list('next page (cursor half-way)', `after=${taskId}`),
    list('state done', 'state=done'),
    list('state in progress (none)', 'state=in_progress'),
    list('state not started (none)', 'state=not_started'),
    list('domain', 'domain=code'),
    list('gold', 'gold=true'),
    list('tutor', `tutor=${tutorId}`),
    list('confidence below 0.7', 'confidenceBelow=0.7'),
    list('confidence at least 0.9', 'confidenceAtLeast=0.9'),
    list('agreement below 0.7', 'agreementBelow=0.7'),
    list('agreement at least 0.9', 'agreementAtLeast=0.9'),
    list('search one task', `q=${encodeURIComponent(externalId)}`),
    list('search a prefix', 'q=t12'),
    list('all filters', `state=done&domain=code&gold=false&tutor=${tutorId}&agreementBelow=0.9`),
    {
      name: 'task browser: count (whole project)',
      method: 'GET',
      path: `/api/projects/${main.id}/task-count`,
      token: 'manager',
      kind: 'dashboard',
    },
    {
      name: 'task browser: count (agreement below 0.7)',
      method: 'GET',
      path: `/api/projects/${main.id}/task-count?agreementBelow=0.7`,
      token: 'manager',
      kind: 'dashboard',
    },
    { name: "task browser: a task's page", method: 'GET', path: `/api/tasks/${taskId}`, token: 'manager', kind: 'dashboard' },
  ];
}

export function exportsOf(built: Built): Call[] {
  return built.projects.flatMap((p) =>
    p.formats.map((f) => ({
      name: `${p.type}: export ${f}`,
      method: 'GET' as const,
      path: `/api/projects/${p.id}/export?format=${f}`,
      token: 'manager' as const,
      kind: 'export' as const,
    })),
  );
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

export interface Timed {
  status: number;
  ms: number;
  firstByteMs: number;
  bytes: number;
  lines: number;
  peakRssMb: number;
}

/** One request, body read to the end (counted, not kept), server RSS sampled every 50 ms. */
export function timed(
  base: URL,
  token: string,
  call: Pick<Call, 'method' | 'path'>,
  serverPid: number,
  timeoutMs = 3_600_000,
): Promise<Timed> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    let peak = rssMb(serverPid);
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(serverPid));
      } catch {
        /* the server is gone: the request fails below */
      }
    }, 50);
    let firstByte = 0;
    let bytes = 0;
    let lines = 0;
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: call.method,
        path: call.path,
        headers: { authorization: `Bearer ${token}`, ...(call.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        timeout: timeoutMs,
      },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          if (firstByte === 0) firstByte = performance.now() - t0;
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () => {
          clearInterval(sampler);
          const ms = performance.now() - t0;
          ok({
            status: res.statusCode ?? 0,
            ms: r1(ms),
            firstByteMs: r1(firstByte || ms),
            bytes,
            lines,
            peakRssMb: Math.max(peak, rssMb(serverPid)),
          });
        });
        res.on('error', (e) => {
          clearInterval(sampler);
          fail(e);
        });
      },
    );
    req.on('error', (e) => {
      clearInterval(sampler);
      fail(e);
    });
    req.end(call.method === 'POST' ? '{}' : undefined);
  });
}

export const r1 = (x: number) => Math.round(x * 10) / 10;

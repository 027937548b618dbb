/**
 * The one place that talks HTTP. Every call goes through `request`, which turns a non-2xx answer
 * (`{error: {code, message, problems}}`) into an ApiError, and a network failure into one too,
 * so the UI always has words to show.
 */
import { noteServerDate } from '../lib/clock.js';
import type { Problem } from '../../../src/domain/api/errors.js';
import type {
  ExportSummary,
  CertificationOk,
  ImportOk,
  Lease,
  Me,
  Project,
  ProjectInput,
  ProjectListEntry,
  ProjectPatch,
  ProjectStats,
  SignedInOk,
  SubmitAndNextResult,
  UserList,
} from './types.js';

/** One bad line or field, as the server's error body lists them. */
export type ApiProblem = Problem;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: ApiProblem[];
  constructor(status: number, code: string, message: string, problems: ApiProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
  }
}

/** Listeners told when any call answers 401, so the app can send the user back to sign in. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: fall through with an empty body */
  }
  return errorFromBody(res.status, body);
}

export function errorFromBody(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; problems?: unknown } } | null)?.error;
  const code = typeof e?.code === 'string' ? e.code : codeForStatus(status);
  const message = typeof e?.message === 'string' ? e.message : '';
  const problems = Array.isArray(e?.problems) ? (e.problems as ApiProblem[]) : [];
  return new ApiError(status, code, message, problems);
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'server_error' : 'unknown';
  }
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Send this string as-is with this content type instead of JSON. */
  raw?: { text: string; contentType: string };
  signal?: AbortSignal;
  /**
   * A write that is safe to send again: it carries one Idempotency-Key for all its attempts and is
   * retried (with backoff) when no answer came back or the server said 503, e.g. while its
   * database restarts. A retry whose first attempt was stored gets the first answer back.
   */
  idempotent?: boolean;
}

/** How long an idempotent write keeps retrying before the error reaches the page. */
const RETRY_BUDGET_MS = 30_000;

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  if (!opts.idempotent) return requestOnce<T>(path, opts);
  const key = newIdempotencyKey();
  const deadline = Date.now() + RETRY_BUDGET_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce<T>(path, opts, key);
    } catch (err) {
      const retryable = err instanceof ApiError && (err.status === 0 || err.status === 503) && err.code !== 'aborted';
      if (!retryable || Date.now() >= deadline || opts.signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2)));
    }
  }
}

function newIdempotencyKey(): string {
  // randomUUID needs a secure context; a plain-http deployment still has getRandomValues.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function requestOnce<T>(path: string, opts: RequestOptions, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let body: string | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    body = opts.raw.text;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'network');
  }
  noteServerDate(res.headers.get('date'));
  if (!res.ok) {
    const error = await errorFromResponse(res);
    if (res.status === 401 && path !== '/api/session') unauthorizedListeners.forEach((fn) => fn());
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export const api = {
  signIn: (email: string, password: string) => request<SignedInOk>('/api/session', { method: 'POST', body: { email, password } }),
  signOut: () => request<void>('/api/session', { method: 'DELETE' }),
  me: () => request<Me>('/api/me'),

  projects: () => request<{ projects: ProjectListEntry[] }>('/api/projects'),
  project: (id: number | string) => request<{ project: Project }>(`/api/projects/${enc(String(id))}`),
  createProject: (input: ProjectInput) => request<{ project: Project }>('/api/projects', { method: 'POST', body: input }),
  updateProject: (id: number | string, patch: ProjectPatch) =>
    request<{ project: Project }>(`/api/projects/${enc(String(id))}`, { method: 'PATCH', body: patch }),
  stats: (id: number | string) => request<ProjectStats>(`/api/projects/${enc(String(id))}/stats`),
  exportUrl: (id: number | string, format: string) => `/api/projects/${enc(String(id))}/export?format=${enc(format)}`,
  exportSummary: (id: number | string, format: string) =>
    request<ExportSummary>(`/api/projects/${enc(String(id))}/export/summary?format=${enc(format)}`),

  /** Lease the next task; `null` when nothing is left for this tutor (204). */
  next: async (projectId: number | string) =>
    (await request<Lease | undefined>(`/api/projects/${enc(String(projectId))}/next`, { method: 'POST' })) ?? null,
  /** Submit and lease the next task in one request; `next` null: nothing left, or see `nextError`. */
  submitAndNext: (assignmentId: number | string, response: unknown, durationMs: number) =>
    request<SubmitAndNextResult>(`/api/assignments/${enc(String(assignmentId))}/submit-and-next`, {
      method: 'POST',
      body: { response, durationMs },
      idempotent: true,
    }),
  skip: (assignmentId: number | string) =>
    request<void>(`/api/assignments/${enc(String(assignmentId))}/skip`, { method: 'POST', idempotent: true }),

  users: () => request<UserList>('/api/users'),
  grantCertification: (userId: number, domain: string, level: number) =>
    request<CertificationOk>(`/api/users/${userId}/certifications`, { method: 'POST', body: { domain, level } }),
  revokeCertification: (userId: number, domain: string, reason?: string) =>
    request<void>(`/api/users/${userId}/certifications/${enc(domain)}`, { method: 'DELETE', body: reason ? { reason } : {} }),
};

/**
 * Upload an NDJSON import with progress (fetch cannot report upload progress; XMLHttpRequest can).
 * Resolves with the server's counts, rejects with an ApiError carrying every bad line.
 */
export function uploadTasks(
  projectId: number | string,
  file: Blob,
  onProgress: (fraction: number) => void,
  format: 'tutorloop' | 'hh-rlhf' = 'tutorloop',
): { promise: Promise<ImportOk>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<ImportOk>((resolve, reject) => {
    xhr.open('POST', `/api/projects/${enc(String(projectId))}/tasks${format === 'tutorloop' ? '' : `?format=${enc(format)}`}`);
    xhr.setRequestHeader('content-type', 'application/x-ndjson');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as ImportOk);
      } else {
        if (xhr.status === 401) unauthorizedListeners.forEach((fn) => fn());
        reject(errorFromBody(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

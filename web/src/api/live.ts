/** Live conversations with models (the tutor's own sessions). Shapes are the server's schemas, types only. */
import type { LiveSession, LiveSettings } from '../../../src/domain/api/live.js';
import type { LiveSettingsInput } from '../../../src/domain/live.js';
import { request } from './client.js';

export type { LiveSession, LiveSettings, LiveSettingsInput };

const base = (projectId: string | number) => `/api/projects/${projectId}/live-sessions`;

export const liveApi = {
  settings: (projectId: string | number) => request<LiveSettings>(`/api/projects/${projectId}/live-settings`),
  setSettings: (projectId: string | number, input: LiveSettingsInput) =>
    request<LiveSettings>(`/api/projects/${projectId}/live-settings`, { method: 'PUT', body: input, idempotent: true }),
  list: (projectId: string | number) => request<{ sessions: LiveSession[] }>(base(projectId)),
  start: (projectId: string | number) => request<LiveSession>(base(projectId), { method: 'POST', body: {}, idempotent: true }),
  ask: (projectId: string | number, sessionId: number, turn: number, content: string) =>
    request<LiveSession>(`${base(projectId)}/${sessionId}/ask`, { method: 'POST', body: { turn, content }, idempotent: true }),
  choose: (projectId: string | number, sessionId: number, turn: number, order: string[], edit?: string) =>
    request<LiveSession>(`${base(projectId)}/${sessionId}/choose`, {
      method: 'POST',
      body: { turn, order, ...(edit !== undefined ? { edit } : {}) },
      idempotent: true,
    }),
  finish: (projectId: string | number, sessionId: number) =>
    request<LiveSession>(`${base(projectId)}/${sessionId}/finish`, { method: 'POST', idempotent: true }),
};

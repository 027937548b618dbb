/**
 * The admin console's calls: users (create, change, password), the caller's API tokens, and the
 * audit log. Shapes are the server's schemas (src/domain/api/), types only.
 */
import { request } from './client.js';
import type { AuditList } from '../../../src/domain/api/audit.js';
import type { TokenCreated, TokenList } from '../../../src/domain/api/tokens.js';
import type { UserInput } from '../../../src/domain/users.js';
import type { User } from './types.js';

export type { AuditEvent, AuditList } from '../../../src/domain/api/audit.js';
export type { TokenCreated, TokenList } from '../../../src/domain/api/tokens.js';

/** What an admin may change on a user (PATCH /api/users/:id). */
export type UserChanges = Partial<Pick<User, 'name' | 'role' | 'tier' | 'domains' | 'payModel' | 'payRate' | 'disabled'>>;

/** Audit filters as the query string carries them; empty strings are left out. */
export type AuditFilters = Partial<Record<'actor' | 'action' | 'targetType' | 'targetId' | 'from' | 'to' | 'before' | 'limit', string>>;

export const admin = {
  createUser: (input: UserInput) => request<{ user: User }>('/api/users', { method: 'POST', body: input }),
  updateUser: (id: number, changes: UserChanges) => request<{ user: User }>(`/api/users/${id}`, { method: 'PATCH', body: changes }),
  resetPassword: (id: number, password: string) => request<void>(`/api/users/${id}/password`, { method: 'POST', body: { password } }),

  tokens: () => request<TokenList>('/api/tokens'),
  createToken: (name: string) => request<TokenCreated>('/api/tokens', { method: 'POST', body: { name } }),
  revokeToken: (id: number) => request<void>(`/api/tokens/${id}`, { method: 'DELETE' }),

  audit: (filters: AuditFilters) => {
    const q = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
    return request<AuditList>(`/api/audit?${q}`);
  },
};

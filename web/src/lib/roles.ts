/** Role ranks for what the web app shows (the server enforces the same ranks on every call). */
import type { Role } from '../api/types.js';

export const ROLES: readonly Role[] = ['tutor', 'reviewer', 'manager', 'admin'];
export const ROLE_RANK: Record<Role, number> = { tutor: 0, reviewer: 1, manager: 2, admin: 3 };
export const atLeast = (role: Role | undefined, minimum: Role) => role !== undefined && ROLE_RANK[role] >= ROLE_RANK[minimum];

/**
 * The admin console's pages: one entry each. The console's navigation, its routing and the role check
 * all read this list, so a new admin page (another team's, in its own files) is one line here.
 * `minRole` is what the navigation shows it to; the server enforces the same on every call the page makes.
 */
import { lazy, type ComponentType } from 'react';
import type { Role } from '../api/types.js';
import { adminStrings } from '../strings/admin.js';

const P = adminStrings.pages;

export interface AdminPage {
  /** The page's path; deeper paths (`/admin/users/3`) go to the same component. */
  path: string;
  title: string;
  minRole: Role;
  Component: ComponentType<{ path: string }>;
}

export const ADMIN_PAGES: AdminPage[] = [
  { path: '/admin/users', title: P.users, minRole: 'admin', Component: lazy(() => import('./UsersPage.js')) },
  { path: '/audit', title: P.audit, minRole: 'admin', Component: lazy(() => import('./AuditPage.js')) },
  { path: '/admin/tokens', title: P.tokens, minRole: 'tutor', Component: lazy(() => import('./TokensPage.js')) },
  { path: '/admin/models', title: P.models, minRole: 'admin', Component: lazy(() => import('./ModelEndpointsPage.js')) },
  { path: '/admin/integrations', title: P.integrations, minRole: 'admin', Component: lazy(() => import('./IntegrationsPage.js')) },
];

/** Where `/admin` itself leads: the first page the role may open. */
export const ADMIN_HOME = '/admin/users';

export function adminPageOf(path: string): AdminPage | undefined {
  return ADMIN_PAGES.find((p) => path === p.path || path.startsWith(`${p.path}/`));
}

/**
 * What the server adds to Fastify: who is calling (resolved once per request by the auth hook)
 * and, per route, who may call it. `access` is declared on every route; a route without one is
 * refused at start-up, so nothing becomes public by omission.
 */
import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role, UserRecord } from '../domain/users.js';
import type { Actor, ServiceContext } from '../services/context.js';
import type { ImportLimits } from '../services/imports/limits.js';
import type { FailedSignInLimit, FailedSignIns } from './auth/failedSignIns.js';

/** `public`: anyone; `signedIn`: any role; a role: that role or higher. */
export type Access = 'public' | 'signedIn' | Role;

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: UserRecord | null;
    /** How the caller proved who they are; CSRF checks apply only to cookies. */
    authVia: 'cookie' | 'token' | null;
    /** The raw session token from the cookie, for sign-out. */
    sessionToken: string | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, for the route × role test. */
    routeTable: RouteInfo[];
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ServerOptions {
  ctx: ServiceContext;
  /** Pino logging (default off in tests). */
  logger?: boolean | object;
  /** Folder of the built web app; default dist/web next to the package. */
  webDir?: string;
  /** Extra origins allowed to make cookie-authenticated state changes (e.g. a Vite dev server). */
  allowedOrigins?: string[];
  /** Sign-in attempts allowed per IP and email per minute (default 10). */
  loginRateLimit?: number;
  /** Failed sign-ins allowed per IP, whatever the email (default 20 per 10 minutes). */
  failedSignInLimit?: FailedSignInLimit;
  /**
   * The address browsers reach this server at (e.g. https://tutorloop.example.org); requests for any
   * other Host are refused (DNS rebinding). Unset: only loopback names are answered (development).
   */
  publicUrl?: string;
  /** Trust X-Forwarded-* (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Import caps and timeouts (defaults in routes/tasks.ts and services/imports/limits.ts). */
  imports?: ImportServerOptions;
  /** Longest time to receive a whole request, body included (default 10 min; 0 for none). */
  requestTimeoutMs?: number;
}

export interface ImportServerOptions {
  /** Bytes in one import body (413 past it). */
  maxBodyBytes?: number;
  /** An upload that sends nothing for this long is cut off (408) and its import discarded. */
  idleTimeoutMs?: number;
  /** Per-line and per-field caps on the imported content. */
  lineLimits?: Partial<ImportLimits>;
}

export function actorOfRequest(user: UserRecord): Actor {
  return { id: user.id, role: user.role, tier: user.tier, domains: user.domains };
}

/** What every route module receives. */
export interface RouteDeps {
  ctx: ServiceContext;
  imports?: ImportServerOptions;
  loginRateLimit: number;
  failedSignIns: FailedSignIns;
}

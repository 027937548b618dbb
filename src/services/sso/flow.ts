/**
 * The OpenID Connect sign-in, with `openid-client` (a certified relying party): authorization code
 * flow with PKCE (S256), `state` and `nonce`, provider metadata by discovery, the ID token checked by
 * the library (signature, issuer, audience, expiry, nonce). Each sign-in in flight is a database row,
 * so any server behind one PostgreSQL can take the callback, and a callback can use it once only.
 * Every sign-in and every refusal is audited.
 */
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { hashPassword } from '../auth/passwords.js';
import { digest, newSecret } from '../auth/secrets.js';
import { SESSION_TTL_MS, signOut, type SignedIn } from '../auth/sessions.js';
import { insertSession } from '../../store/repositories/sessions.js';
import {
  deletePendingBefore,
  insertPendingSignIn,
  linkIdentity,
  takePendingSignIn,
  userIdOfIdentity,
} from '../../store/repositories/sso.js';
import { findUserById, findUserForLogin, insertUser, updateUserRow, type UserRecord } from '../../store/repositories/users.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { mapClaims } from './claims.js';
import { isLoopback, loadSso, type LoadedSso } from './config.js';

/** How long the provider's page may take before the sign-in in flight is forgotten. */
const PENDING_TTL_MS = 10 * 60_000;

/** A refused SSO sign-in; `message` is safe to show the person, `reason` goes to the audit log. */
export class SsoRefused extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

const discovered = new Map<string, Promise<oidc.Configuration>>();

/** The provider's metadata, discovered once per configuration (a changed configuration discovers again). */
function providerOf(sso: LoadedSso): Promise<oidc.Configuration> {
  const key = `${sso.settings.issuer}|${sso.settings.clientId}|${sso.updatedAt}`;
  let hit = discovered.get(key);
  if (!hit) {
    const issuer = new URL(sso.settings.issuer);
    hit = oidc.discovery(
      issuer,
      sso.settings.clientId,
      undefined,
      sso.clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(sso.clientSecret),
      // Plain http only for a provider on this machine (tests, development); config refuses it elsewhere.
      issuer.protocol === 'http:' && isLoopback(issuer.hostname) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    hit.catch(() => discovered.delete(key));
    discovered.set(key, hit);
  }
  return hit;
}

async function enabledSso(ctx: ServiceContext): Promise<LoadedSso> {
  const sso = await loadSso(ctx.store.db);
  if (!sso?.settings.enabled) throw new SsoRefused('single sign-on is not set up here', 'sso is off');
  return sso;
}

/** Starts a sign-in: returns the provider's URL to send the browser to, and the `state` to bind to this browser. */
export async function startSsoSignIn(ctx: ServiceContext, redirectUri: string): Promise<{ url: string; state: string }> {
  const sso = await enabledSso(ctx);
  const config = await providerOf(sso);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const at = ctx.now();
  await insertPendingSignIn(ctx.store.db, { state, nonce, codeVerifier, at });
  await deletePendingBefore(ctx.store.db, at - PENDING_TTL_MS);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state };
}

export interface Callback {
  /** The full callback URL the browser was sent to (code, state, iss). */
  url: URL;
  /** The state this browser was given at the start (its cookie); must equal the one in the URL. */
  browserState: string | undefined;
  redirectUri: string;
  /** A session this browser already had, ended here (session fixation). */
  replacing?: string;
}

export async function finishSsoSignIn(ctx: ServiceContext, cb: Callback): Promise<SignedIn> {
  try {
    return await finish(ctx, cb);
  } catch (e) {
    const refused = e instanceof SsoRefused ? e : new SsoRefused('the identity provider’s answer did not check out', describe(e));
    await recordAudit(ctx.store.db, {
      actorId: null,
      action: 'sso.refuse',
      targetType: 'sso',
      targetId: null,
      detail: { reason: refused.reason },
      at: ctx.now(),
    });
    throw refused;
  }
}

async function finish(ctx: ServiceContext, cb: Callback): Promise<SignedIn> {
  const sso = await enabledSso(ctx);
  const error = cb.url.searchParams.get('error');
  if (error) throw new SsoRefused('the identity provider did not sign you in', `provider error: ${error}`);
  const state = cb.url.searchParams.get('state') ?? '';
  if (!cb.browserState || state !== cb.browserState)
    throw new SsoRefused('this sign-in was not started in this browser; try again', 'state mismatch');
  const pending = await takePendingSignIn(ctx.store.db, state);
  if (!pending || pending.created_at < ctx.now() - PENDING_TTL_MS)
    throw new SsoRefused('this sign-in link was already used or has expired; try again', 'unknown, used or expired state');

  const config = await providerOf(sso);
  const callbackUrl = new URL(cb.redirectUri);
  callbackUrl.search = cb.url.search;
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.code_verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = { ...(tokens.claims() as Record<string, unknown>) };
  const subject = String(claims.sub);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || claims.email_verified === false)
    throw new SsoRefused('your identity provider sent no verified email address', `no verified email (sub ${subject})`);
  const domain = email.split('@')[1] ?? '';
  if (sso.settings.allowedEmailDomains.length > 0 && !sso.settings.allowedEmailDomains.includes(domain))
    throw new SsoRefused(`accounts from ${domain} may not sign in here`, `email domain not allowed: ${email}`);

  const user = await userFor(ctx, sso, { subject, email, claims });
  if (user.disabled) throw new SsoRefused('your account is disabled', `disabled user ${user.id}`);
  const now = ctx.now();
  const token = newSecret();
  const expiresAt = now + SESSION_TTL_MS;
  await writeTransaction(ctx.store, async (db) => {
    await insertSession(db, { tokenHash: digest(token), userId: user.id, createdAt: now, expiresAt });
    await recordAudit(db, {
      actorId: user.id,
      action: 'sso.sign_in',
      targetType: 'user',
      targetId: user.id,
      detail: { issuer: sso.settings.issuer, subject, email, role: user.role },
      at: now,
    });
  });
  if (cb.replacing) await signOut(ctx, cb.replacing);
  return { user, token, expiresAt };
}

/** The linked user, else the user with this email (linked now), else a new one when the admin allows it. Rules apply each time. */
async function userFor(
  ctx: ServiceContext,
  sso: LoadedSso,
  who: { subject: string; email: string; claims: Record<string, unknown> },
): Promise<UserRecord> {
  const issuer = sso.settings.issuer;
  const mapped = mapClaims(who.claims, sso.settings.rules);
  const at = ctx.now();
  // A new user gets a password nobody knows (they sign in through the provider); hashed outside the transaction.
  const known = (await userIdOfIdentity(ctx.store.db, issuer, who.subject)) ?? (await findUserForLogin(ctx.store.db, who.email))?.user.id;
  const unusable = known === undefined && sso.settings.createUsers ? await hashPassword(randomBytes(32).toString('base64url')) : '';
  return writeTransaction(ctx.store, async (db) => {
    let id = await userIdOfIdentity(db, issuer, who.subject);
    if (id === undefined) {
      const existing = (await findUserForLogin(db, who.email))?.user;
      if (existing) id = existing.id;
      else if (!sso.settings.createUsers || !unusable)
        throw new SsoRefused(`there is no account for ${who.email} here; ask an admin`, `no account: ${who.email}`);
      else {
        const name = typeof who.claims.name === 'string' && who.claims.name.trim() ? who.claims.name.trim().slice(0, 200) : who.email;
        const created = await insertUser(db, {
          email: who.email,
          name,
          role: mapped.role ?? sso.settings.defaultRole,
          tier: mapped.tier ?? sso.settings.defaultTier,
          domains: mapped.domains ?? [],
          payModel: 'per_task',
          payRate: 0,
          passwordHash: unusable,
          createdAt: at,
        });
        await recordAudit(db, {
          actorId: null,
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          detail: { email: created.email, role: created.role, tier: created.tier, domains: created.domains, via: 'sso' },
          at,
        });
        id = created.id;
      }
      await linkIdentity(db, { issuer, subject: who.subject, userId: id, at });
    }
    const before = (await findUserById(db, id))!;
    const change = {
      ...(mapped.role && mapped.role !== before.role && { role: mapped.role }),
      ...(mapped.tier && mapped.tier !== before.tier && { tier: mapped.tier }),
      ...(mapped.domains && JSON.stringify(mapped.domains) !== JSON.stringify(before.domains) && { domains: mapped.domains }),
    };
    if (Object.keys(change).length === 0) return before;
    await recordAudit(db, {
      actorId: null,
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      detail: { ...change, via: 'sso claims' },
      at,
    });
    return (await updateUserRow(db, id, change))!;
  });
}

/** Where to end the provider's session too (RP-initiated logout), when the provider offers it. */
export async function ssoLogoutUrl(ctx: ServiceContext, postLogoutRedirectUri: string): Promise<string | null> {
  const sso = await loadSso(ctx.store.db);
  if (!sso?.settings.enabled) return null;
  const config = await providerOf(sso).catch(() => null);
  if (!config?.serverMetadata().end_session_endpoint) return null;
  return oidc.buildEndSessionUrl(config, { client_id: sso.settings.clientId, post_logout_redirect_uri: postLogoutRedirectUri }).href;
}

function describe(e: unknown): string {
  const x = e as { message?: string; error?: string; code?: string; cause?: { message?: string } };
  return [x.code, x.error, x.message, x.cause?.message].filter(Boolean).join(': ').slice(0, 500) || String(e);
}

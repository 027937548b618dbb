/**
 * The OpenID Connect provider's configuration: set by an admin (audited, never with the secret), read
 * by the sign-in flow. The client secret is sealed with the server key and never returned.
 */
import { SsoConfigInput, SsoSettings, type SsoConfigView, type SsoStatus } from '../../domain/api/sso.js';
import { UserInputError } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { saveSsoConfig, ssoConfigRow } from '../../store/repositories/sso.js';
import { writeTransaction, type Db } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { openSecret, sealSecret, type SecretPurpose } from '../secrets/secretBox.js';

export const CLIENT_SECRET_PURPOSE: SecretPurpose = 'oidc-client-secret';

export interface LoadedSso {
  settings: SsoSettings;
  clientSecret: string | null;
  updatedAt: number;
}

export async function loadSso(db: Db): Promise<LoadedSso | null> {
  const row = await ssoConfigRow(db);
  if (!row) return null;
  const settings = SsoSettings.parse({
    ...JSON.parse(row.settings),
    enabled: row.enabled === 1,
    issuer: row.issuer,
    clientId: row.client_id,
  });
  const clientSecret = row.client_secret_enc === null ? null : openSecret(row.client_secret_enc, CLIENT_SECRET_PURPOSE);
  return { settings, clientSecret, updatedAt: row.updated_at };
}

export async function getSsoConfig(ctx: ServiceContext): Promise<SsoConfigView | null> {
  const row = await ssoConfigRow(ctx.store.db);
  if (!row) return null;
  const settings = SsoSettings.parse({
    ...JSON.parse(row.settings),
    enabled: row.enabled === 1,
    issuer: row.issuer,
    clientId: row.client_id,
  });
  return { ...settings, hasClientSecret: row.client_secret_enc !== null, updatedAt: new Date(Number(row.updated_at)).toISOString() };
}

/** Saves the configuration; `actor` null is the CLI run by the operator. Audited without the secret. */
export async function setSsoConfig(ctx: ServiceContext, actor: Actor | null, input: unknown): Promise<SsoConfigView> {
  const { clientSecret, ...settings } = validateInput(SsoConfigInput, input);
  const issuer = new URL(settings.issuer);
  if (issuer.protocol === 'http:' && !isLoopback(issuer.hostname))
    throw new UserInputError('the issuer must be an https:// URL (http:// only on this machine, for testing)', { field: 'issuer' });
  const at = ctx.now();
  await writeTransaction(ctx.store, async (db) => {
    const { enabled, issuer: iss, clientId, ...rest } = settings;
    await saveSsoConfig(db, {
      enabled,
      issuer: iss,
      clientId,
      secretSealed: clientSecret === undefined ? undefined : sealSecret(clientSecret, CLIENT_SECRET_PURPOSE),
      settings: JSON.stringify(rest),
      at,
    });
    await recordAudit(db, {
      actorId: actor?.id ?? null,
      action: 'sso.configure',
      targetType: 'sso',
      targetId: 1,
      detail: { ...settings, clientSecretChanged: clientSecret !== undefined },
      at,
    });
  });
  return (await getSsoConfig(ctx))!;
}

export async function ssoStatus(ctx: ServiceContext): Promise<SsoStatus> {
  const c = await getSsoConfig(ctx);
  return { sso: c?.enabled ?? false, passwordSignIn: !c?.enabled || c.passwordSignIn };
}

/** Password sign-in is on unless SSO is on and an admin switched passwords off. */
export async function passwordSignInAllowed(ctx: ServiceContext): Promise<boolean> {
  return (await ssoStatus(ctx)).passwordSignIn;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
}

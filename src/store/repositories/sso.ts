/** Single sign-on (migration 009): the provider's configuration, sign-ins in flight, and linked identities. */
import type { Selectable } from 'kysely';
import type { SsoConfigTable } from '../schemaIntegrations.js';
import type { Db } from '../transaction.js';

export type SsoConfigRow = Selectable<SsoConfigTable>;

export async function ssoConfigRow(db: Db): Promise<SsoConfigRow | undefined> {
  return db.selectFrom('sso_config').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function saveSsoConfig(
  db: Db,
  c: { enabled: boolean; issuer: string; clientId: string; secretSealed: string | null | undefined; settings: string; at: number },
): Promise<void> {
  const values = {
    enabled: c.enabled ? 1 : 0,
    issuer: c.issuer,
    client_id: c.clientId,
    settings: c.settings,
    updated_at: c.at,
    // undefined: keep the stored secret.
    ...(c.secretSealed !== undefined && { client_secret_enc: c.secretSealed }),
  };
  await db
    .insertInto('sso_config')
    .values({ id: 1, client_secret_enc: null, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function insertPendingSignIn(db: Db, p: { state: string; nonce: string; codeVerifier: string; at: number }): Promise<void> {
  await db.insertInto('sso_pending').values({ state: p.state, nonce: p.nonce, code_verifier: p.codeVerifier, created_at: p.at }).execute();
}

/** Removes and returns the sign-in in flight under `state`: a callback can use it once only. */
export async function takePendingSignIn(db: Db, state: string) {
  return db.deleteFrom('sso_pending').where('state', '=', state).returningAll().executeTakeFirst();
}

export async function deletePendingBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('sso_pending').where('created_at', '<', before).execute();
}

export async function userIdOfIdentity(db: Db, issuer: string, subject: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

export async function linkIdentity(db: Db, i: { issuer: string; subject: string; userId: number; at: number }): Promise<void> {
  await db.insertInto('user_identities').values({ issuer: i.issuer, subject: i.subject, user_id: i.userId, created_at: i.at }).execute();
}

/**
 * A real OpenID provider on loopback for the tests: `oidc-provider` (a certified implementation) with
 * its development login pages (any login name signs in as the account of that name). Accounts are the
 * test's: name → claims. `expireIdTokens` makes the token endpoint issue ID tokens that expired an
 * hour ago (the provider's clock is set back while it answers), to test that the client refuses them.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, Record<string, unknown>>;
  expireIdTokens: boolean;
  /** How many authorization codes the token endpoint refused (a replayed code is one). */
  refusedCodes: number;
  close(): Promise<void>;
}

export async function startProvider(redirectUri: string, postLogoutUri: string): Promise<TestProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  const clientId = 'tutorloop';
  const clientSecret = 'provider-side-client-secret-for-tests';
  const self = { expireIdTokens: false, refusedCodes: 0 };
  // The issuer needs the port before the provider exists: listen first, then mount.
  const { createServer } = await import('node:http');
  let handler: ((req: unknown, res: unknown) => void) | null = null;
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [postLogoutUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const claims = accounts.get(id) ?? { email: `${id}@unknown.example`, email_verified: true };
      return { accountId: id, claims: () => ({ sub: id, ...claims }) };
    },
    cookies: { keys: ['test-cookie-key'] },
  });
  provider.on('grant.error', () => self.refusedCodes++);
  provider.use(async (ctx, next) => {
    if (!(self.expireIdTokens && ctx.path === '/token')) return next();
    const realNow = Date.now;
    Date.now = () => realNow() - 2 * 3600_000;
    try {
      await next();
    } finally {
      Date.now = realNow;
    }
  });
  handler = provider.callback() as (req: unknown, res: unknown) => void;
  const tp: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    get expireIdTokens() {
      return self.expireIdTokens;
    },
    set expireIdTokens(v: boolean) {
      self.expireIdTokens = v;
    },
    get refusedCodes() {
      return self.refusedCodes;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return tp;
}

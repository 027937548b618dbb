/**
 * #12 item 8, sign-in hardening: a password policy wherever a password is set, a per-address limit
 * on failed sign-ins beside the per-account one, and bounded scrypt work, so a burst of anonymous
 * sign-ins gets quick 503s instead of taking the thread pool from everyone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { buildApp, type App } from '../../../src/server/app.js';
import { createUser } from '../../../src/services/users/index.js';
import { DEMO_ACCOUNTS } from '../../../src/demo/accounts.js';
import { Password } from '../../../src/domain/passwordPolicy.js';
import { DEFAULT_SCRYPT_LIMITS, scryptPeak, setScryptLimits } from '../../../src/services/auth/scryptGate.js';
import { UserInputError } from '../../../src/domain/errors.js';

describe.each(testDatabases())('sign-in hardening on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let adminCookie: string;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    adminCookie = await signIn(h, admin);
  });
  afterAll(() => h.close());
  afterEach(() => setScryptLimits(DEFAULT_SCRYPT_LIMITS));

  const createOverHttp = (email: string, password: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/users',
      cookies: { tl_session: adminCookie },
      payload: { email, name: 'New', role: 'tutor', password },
    });

  it('refuses short and common passwords over the API, naming the field, and stores nobody', async () => {
    const refused = {
      short9chr: 'at least 10 characters',
      password123: 'most common passwords',
      PASSWORD123: 'most common passwords',
      qwertyuiop1: 'most common passwords',
      '1234567890': 'most common passwords',
      iloveyou12: 'most common passwords',
    } as Record<string, string>;
    for (const [password, why] of Object.entries(refused)) {
      const res = await createOverHttp(`weak-${password.length}-${why.length}@example.org`, password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.problems, password).toEqual([
        expect.objectContaining({ field: 'password', message: expect.stringContaining(why) }),
      ]);
    }
    expect(await h.store.db.selectFrom('users').select('email').where('email', 'like', 'weak-%').execute()).toEqual([]);
    expect((await createOverHttp('strong@example.org', 'violet tram ledger 42')).statusCode).toBe(201);
  });

  it('applies the same policy to every other way a password is set (createUser: init, the demo, the CLI)', async () => {
    await expect(createUser(h.ctx, null, { email: 'cli@example.org', name: 'CLI', password: 'letmein123' })).rejects.toBeInstanceOf(
      UserInputError,
    );
    await expect(createUser(h.ctx, null, { email: 'cli@example.org', name: 'CLI', password: 'abc12345' })).rejects.toThrow(
      /at least 10 characters/,
    );
  });

  it('the documented demo passwords pass the policy', () => {
    for (const a of DEMO_ACCOUNTS) expect(Password.safeParse(a.password).success, a.email).toBe(true);
  });

  it('limits failed sign-ins per address across many accounts (429 with retry-after), other addresses unaffected', async () => {
    const app: App = await buildApp({
      ctx: h.ctx,
      loginRateLimit: 1000,
      failedSignInLimit: { max: 5, windowMs: 60_000 },
      webDir: '/nonexistent',
    });
    try {
      const attempt = (email: string, password: string, remoteAddress: string) =>
        app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { email, password } });
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) codes.push((await attempt(`victim${i}@example.org`, 'guess-guess-guess', '10.9.8.7')).statusCode);
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(codes.slice(5))).toEqual(new Set([429]));
      const blocked = await attempt(admin.user.email, admin.password, '10.9.8.7');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json().error.code).toBe('rate_limited');
      expect(blocked.cookies).toHaveLength(0);
      // Another address signs in as usual; successful sign-ins never count against an address.
      for (let i = 0; i < 8; i++) expect((await attempt(admin.user.email, admin.password, '10.1.1.1')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('bounds scrypt work: a burst of anonymous sign-ins gets quick 503s with retry-after, and at most the cap runs at once', async () => {
    setScryptLimits({ maxConcurrent: 2, maxQueued: 4 });
    scryptPeak(true);
    const burst = Array.from({ length: 64 }, (_, i) =>
      h.app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: `10.2.${i >> 8}.${i & 255}`,
        payload: { email: `nobody${i}@example.org`, password: 'guess-guess-guess' },
      }),
    );
    // A signed-in user is served during the burst (no password work for them).
    const during = await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: adminCookie } });
    const answers = await Promise.all(burst);
    expect(during.statusCode).toBe(200);
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 503).length).toBeGreaterThan(40);
    expect(codes.filter((c) => c !== 503 && c !== 401)).toEqual([]);
    const busy = answers.find((a) => a.statusCode === 503)!;
    expect(busy.json().error.code).toBe('unavailable');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(scryptPeak()).toBeLessThanOrEqual(2);
    // Once the burst is over, a real sign-in works.
    expect(await signIn(h, admin)).toEqual(expect.any(String));
  });
});

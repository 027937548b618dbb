/**
 * DNS rebinding (#12 item 7): a request whose Host is not the public address (or, with none
 * configured, a loopback name) is refused before any route runs, signed in or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { buildApp, type App } from '../../../src/server/app.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

describe.each(testDatabases())('Host header check on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let cookie: string;
  let publicApp: App;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    cookie = await signIn(h, admin);
    publicApp = await buildApp({ ctx: h.ctx, publicUrl: 'https://tutorloop.example.org', webDir: '/nonexistent' });
  });
  afterAll(async () => {
    await publicApp.close();
    await h.close();
  });

  const get = (app: App, host: string, url = '/api/users') =>
    app.inject({ method: 'GET', url, headers: { host, cookie: `tl_session=${cookie}` } });

  it('answers loopback names when no public URL is configured', async () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:80']) {
      expect((await get(h.app, host)).statusCode, host).toBe(200);
    }
  });

  it('refuses forged Host headers with 421 on API routes, sign-in and static files alike', async () => {
    for (const host of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.5:3000']) {
      for (const url of ['/api/users', '/api/me', '/', '/index.html']) {
        const res = await get(h.app, host, url);
        expect(res.statusCode, `${host} ${url}`).toBe(421);
        expect(res.json().error.code).toBe('misdirected_request');
        expect(res.body).not.toContain('admin@example.org');
      }
    }
    const signInForged = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { host: 'evil.example' },
      payload: { email: admin.user.email, password: admin.password },
    });
    expect(signInForged.statusCode).toBe(421);
    expect(signInForged.cookies).toHaveLength(0);
  });

  it('with --public-url answers only that host (and its port), not loopback', async () => {
    expect((await get(publicApp, 'tutorloop.example.org')).statusCode).toBe(200);
    expect((await get(publicApp, 'TutorLoop.Example.org')).statusCode).toBe(200);
    for (const host of [
      'localhost',
      '127.0.0.1:3000',
      'tutorloop.example.org:8443',
      'evil.example',
      'tutorloop.example.org.evil.example',
    ]) {
      expect((await get(publicApp, host)).statusCode, host).toBe(421);
    }
  });

  it('refuses to start with a public URL that is not an http(s) URL', async () => {
    await expect(buildApp({ ctx: h.ctx, publicUrl: 'tutorloop.example.org', webDir: '/nonexistent' })).rejects.toThrow(/not a URL|http/);
    await expect(buildApp({ ctx: h.ctx, publicUrl: 'ftp://tutorloop.example.org', webDir: '/nonexistent' })).rejects.toThrow(/http/);
  });
});

/**
 * A real app over a real, fresh database, driven with `app.inject()`: no sockets, no mocks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { serviceContext, type ServiceContext } from '../../src/services/context.js';
import { createUser, actorOf, type UserRecord } from '../../src/services/users/index.js';
import type { UserInput } from '../../src/domain/users.js';
import type { ServerOptions } from '../../src/server/types.js';

export interface Harness {
  app: App;
  store: Store;
  ctx: ServiceContext;
  /** A controllable clock: tests move it forward to expire sessions and leases. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function harness(url: string, options: Partial<ServerOptions> = {}): Promise<Harness> {
  const store = await openStore(url);
  const clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  const ctx = serviceContext(store, () => clock.now);
  // An empty folder: the web app is "not built" unless a test passes its own.
  const webDir = options.webDir ?? mkdtempSync(join(tmpdir(), 'tutorloop-noweb-'));
  const app = await buildApp({ ctx, loginRateLimit: 1000, ...options, webDir });
  await app.ready();
  return {
    app,
    store,
    ctx,
    clock,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface Person {
  user: UserRecord;
  password: string;
}

export async function addUser(h: Harness, input: Partial<UserInput> & { email: string }): Promise<Person> {
  const password = input.password ?? 'correct horse battery';
  const user = await createUser(h.ctx, null, { name: input.email.split('@')[0], ...input, password });
  return { user, password };
}

/** Signs in over HTTP and returns the session cookie value. */
export async function signIn(h: Harness, p: Person): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: p.user.email, password: p.password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tl_session');
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

export const asActor = (p: Person) => actorOf(p.user);

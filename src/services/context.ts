/**
 * What every use case receives: the store, a clock (injectable so lease expiry can be tested
 * without sleeping), and, for actions by a person, who is acting.
 */
import type { Role, Tier } from '../domain/users.js';
import type { Store } from '../store/database.js';

export interface ServiceContext {
  store: Store;
  /** Milliseconds since the epoch; `Date.now` in production. */
  now: () => number;
}

/** The signed-in user performing an action, as the server resolved them. */
export interface Actor {
  id: number;
  role: Role;
  tier: Tier;
  domains: string[];
}

export function serviceContext(store: Store, now: () => number = Date.now): ServiceContext {
  return { store, now };
}

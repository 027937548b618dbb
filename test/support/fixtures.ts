/** Shared setup for service tests: a store, a clock the test moves, users inserted straight into the store. */
import { openStore, type Store } from '../../src/store/database.js';
import type { Actor, ServiceContext } from '../../src/services/context.js';
import type { Role, Tier } from '../../src/domain/users.js';
import { UserInputError } from '../../src/domain/errors.js';
import { expect } from 'vitest';
import type { ModelConsensus } from '../../src/store/repositories/consensus.js';

export interface Clock {
  now: () => number;
  advance: (ms: number) => void;
}

export function testClock(start = Date.UTC(2026, 10, 23, 9, 0, 0)): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export interface Harness {
  store: Store;
  ctx: ServiceContext;
  clock: Clock;
  close: () => Promise<void>;
}

/**
 * A store and a context on it. A submit's follow-ups (live gold, consensus) report errors instead
 * of failing the submit; here they are collected, and `close` (every test file's afterEach) fails
 * the test that caused one, so a broken follow-up cannot pass unseen.
 */
export async function harness(url: string, poolSize?: number): Promise<Harness> {
  const store = await openStore(url, { poolSize });
  const clock = testClock();
  const reported: string[] = [];
  const reportError = (error: unknown, context: string): void =>
    void reported.push(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  const close = async (): Promise<void> => {
    await store.close();
    if (reported.length > 0) throw new Error(`follow-up errors were reported during the test:\n${[...new Set(reported)].join('\n')}`);
  };
  return { store, clock, ctx: { store, now: clock.now, reportError }, close };
}

let seq = 0;

export async function addUser(store: Store, opts: { role?: Role; tier?: Tier; domains?: string[]; name?: string } = {}): Promise<Actor> {
  seq++;
  const role = opts.role ?? 'tutor';
  const tier = opts.tier ?? 'generalist';
  const domains = opts.domains ?? [];
  const row = await store.db
    .insertInto('users')
    .values({
      email: `user${seq}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      name: opts.name ?? `User ${seq}`,
      role,
      tier,
      domains: JSON.stringify(domains),
      pay_model: 'per_task',
      pay_rate: 100,
      password_hash: 'not-a-real-hash',
      created_at: Date.UTC(2026, 0, 1),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, role, tier, domains };
}

/** A preference import line. */
export function preferenceLine(id: string, opts: { domain?: string; gold?: string; priority?: number; prompt?: string } = {}): string {
  return JSON.stringify({
    id,
    type: 'preference',
    domain: opts.domain ?? 'general',
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    prompt: opts.prompt ?? `Question ${id}?`,
    responses: [
      { id: 'a', text: `Answer A to ${id}` },
      { id: 'b', text: `Answer B to ${id}` },
    ],
    ...(opts.gold ? { gold: { choice: opts.gold } } : {}),
  });
}

export const lines = (...ls: string[]) => [ls.join('\n') + '\n'];

/** The UserInputError a promise rejects with (failing the test if it resolves or rejects with anything else). */
export async function inputFailure(p: Promise<unknown>): Promise<UserInputError> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UserInputError);
  return e as UserInputError;
}

/** A model consensus row as the batch writes it (method "test"), choosing `choice`, formed from `annotatorCount` judgments. */
export function modelConsensusRow(
  h: Harness,
  projectId: number,
  taskId: number,
  choice: string,
  confidence: number,
  annotatorCount: number,
): ModelConsensus {
  return {
    taskId,
    projectId,
    method: 'test',
    methodVersion: 'test/1',
    label: JSON.stringify({ choice }),
    confidence,
    agreement: 1 / annotatorCount,
    annotatorCount,
    computedAt: h.clock.now(),
  };
}

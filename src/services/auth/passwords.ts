/**
 * Password hashing with node:crypto scrypt (no native dependency). Stored form:
 * `scrypt$N$r$p$<salt b64>$<key b64>`, so the cost can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { withScryptSlot } from './scryptGate.js';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

/** Every derivation goes through the scrypt gate (scryptGate.ts), so a burst cannot take the whole thread pool. */
function derive(password: string, salt: Buffer, opts: ScryptOptions, keyLen: number): Promise<Buffer> {
  return withScryptSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, keyLen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P }, KEY_LEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await derive(password, Buffer.from(saltB64, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A stored-form hash no password matches (random salt and key): verifying against it costs the same
 * as a real one, so an unknown email takes as long as a wrong password. Made without running scrypt,
 * so it never waits for the scrypt gate itself.
 */
const decoy = `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LEN).toString('base64')}`;
export function decoyHash(): Promise<string> {
  return Promise.resolve(decoy);
}

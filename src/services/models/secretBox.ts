/**
 * Model API keys at rest: AES-256-GCM under a server key. The key comes from TUTORLOOP_SECRET_KEY
 * (64 hex digits or 32 bytes in base64), else from a key file (TUTORLOOP_KEY_FILE, default
 * ./data/tutorloop.key) that the server creates on first use with 0600 permissions. Losing the key
 * makes every stored API key unreadable (re-register the endpoints); the database alone never
 * reveals them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserInputError } from '../../domain/errors.js';

export const DEFAULT_KEY_FILE = './data/tutorloop.key';
const VERSION = 'v1';

/** Encrypts `plain` with a fresh 96-bit nonce: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function seal(plain: string, key: Buffer = serverKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Decrypts what `seal` made; a wrong key or a changed byte fails loudly (GCM authenticates). */
export function unseal(sealed: string, key: Buffer = serverKey()): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('a stored API key cannot be decrypted with this server key (was the key file or TUTORLOOP_SECRET_KEY changed?)');
  }
}

const cache = new Map<string, Buffer>();

/** The server key, read once per source. */
export function serverKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.TUTORLOOP_SECRET_KEY?.trim();
  const source = fromEnv ? `env:${fromEnv}` : `file:${env.TUTORLOOP_KEY_FILE ?? DEFAULT_KEY_FILE}`;
  let key = cache.get(source);
  if (!key) {
    key = fromEnv ? parseKey(fromEnv, 'TUTORLOOP_SECRET_KEY') : keyFromFile(env.TUTORLOOP_KEY_FILE ?? DEFAULT_KEY_FILE);
    cache.set(source, key);
  }
  return key;
}

function parseKey(text: string, where: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new UserInputError('the server key must be 32 bytes: 64 hex digits or base64', { file: where });
  return key;
}

/**
 * Reads the key file, or creates it when there is none: written to a private temporary file and
 * hard-linked into place, so two servers starting at once agree on one key and none reads half a file.
 */
function keyFromFile(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(temporary);
    }
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw new UserInputError('the server key file is readable by others: chmod 600 it', { file: path });
  return parseKey(readFileSync(path, 'utf8').trim(), path);
}

/**
 * Secrets the server must read back (model API keys, the OIDC client secret, webhook signing
 * secrets) are kept encrypted at rest with AES-256-GCM under one server key that never enters the
 * database, so a copy of the database alone reveals none of them. Each secret is sealed for a
 * `purpose` (bound as GCM's additional data), so one kind cannot be passed off as another.
 *
 * The key: `TUTORLOOP_SECRET_KEY` (32 bytes as 64 hex digits or base64) when set — every server
 * sharing one PostgreSQL needs the same key — else the file `TUTORLOOP_SECRET_KEY_FILE` (default
 * `~/.tutorloop/secret.key`), created with mode 0600 on first use and refused if others may read it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserInputError } from '../../domain/errors.js';

const VERSION = 'v1';

/** What a secret is for: part of what is authenticated, so a webhook secret never opens as an API key. */
export type SecretPurpose = 'model-api-key' | 'oidc-client-secret' | 'webhook-endpoint-secret';

/** Encrypts `plain` with a fresh 96-bit nonce: `v1:<iv>:<tag>:<ciphertext>`, base64. */
export function sealSecret(plain: string, purpose: SecretPurpose, key: Buffer = serverKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** Decrypts what `sealSecret` made for the same purpose; a wrong key, purpose or a changed byte fails loudly. */
export function openSecret(sealed: string, purpose: SecretPurpose, key: Buffer = serverKey()): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('a stored secret is not in the expected format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'a stored secret cannot be decrypted: the server key (TUTORLOOP_SECRET_KEY or its key file) is not the one it was sealed with',
    );
  }
}

export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TUTORLOOP_SECRET_KEY_FILE ?? join(homedir(), '.tutorloop', 'secret.key');
}

const cache = new Map<string, Buffer>();

/** The server key, read once per source. */
export function serverKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.TUTORLOOP_SECRET_KEY?.trim();
  const source = fromEnv ? `env:${fromEnv}` : `file:${keyFilePath(env)}`;
  let key = cache.get(source);
  if (!key) {
    key = fromEnv ? parseKey(fromEnv, 'TUTORLOOP_SECRET_KEY') : keyFromFile(keyFilePath(env));
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

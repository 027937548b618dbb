/**
 * Secrets the server must read back (an OIDC client secret, webhook signing secrets) are kept
 * encrypted at rest with AES-256-GCM under a server key that never enters the database, so a copy of
 * the database alone reveals none of them.
 *
 * The key: `TUTORLOOP_SECRET_KEY` (32 bytes, base64 or hex) when set — every server sharing one
 * PostgreSQL needs the same key — else the file `TUTORLOOP_SECRET_KEY_FILE` (default
 * `~/.tutorloop/secret.key`), created with mode 0600 on first use.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const VERSION = 'v1';
let cachedKey: { source: string; key: Buffer } | null = null;

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where}: the server key must be 32 bytes (64 hex digits or base64)`);
  return key;
}

export function keyFilePath(): string {
  return process.env.TUTORLOOP_SECRET_KEY_FILE ?? join(homedir(), '.tutorloop', 'secret.key');
}

function serverKey(): Buffer {
  const fromEnv = process.env.TUTORLOOP_SECRET_KEY;
  const source = fromEnv ? 'env' : keyFilePath();
  if (cachedKey?.source === source) return cachedKey.key;
  let key: Buffer;
  if (fromEnv) key = parseKey(fromEnv, 'TUTORLOOP_SECRET_KEY');
  else {
    try {
      key = parseKey(readFileSync(source, 'utf8'), source);
      if ((statSync(source).mode & 0o077) !== 0) chmodSync(source, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dirname(source), { recursive: true, mode: 0o700 });
      // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's.
      try {
        writeFileSync(source, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (w) {
        if ((w as NodeJS.ErrnoException).code !== 'EEXIST') throw w;
      }
      key = parseKey(readFileSync(source, 'utf8'), source);
    }
  }
  cachedKey = { source, key };
  return key;
}

/** Encrypts `plain`; `purpose` is bound to the ciphertext, so one secret cannot be passed off as another kind. */
export function sealSecret(plain: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', serverKey(), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function openSecret(sealed: string, purpose: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('a stored secret is not in the expected format');
  const decipher = createDecipheriv('aes-256-gcm', serverKey(), Buffer.from(iv, 'base64'));
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

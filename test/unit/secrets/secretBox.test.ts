/** Secrets at rest (model API keys, the OIDC client secret, webhook secrets): AES-256-GCM under the server key, from the environment or a 0600 key file. */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, serverKey } from '../../../src/services/secrets/secretBox.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tutorloop-key-'));

describe('sealSecret and openSecret', () => {
  const key = randomBytes(32);

  it('round-trips, and the sealed text holds neither the key nor the plain text', () => {
    const sealed = sealSecret('sk-live-123456', 'model-api-key', key);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('sk-live');
    expect(sealed).not.toContain(key.toString('hex'));
    expect(openSecret(sealed, 'model-api-key', key)).toBe('sk-live-123456');
  });

  it('uses a fresh nonce each time', () => {
    expect(sealSecret('same', 'webhook-endpoint-secret', key)).not.toBe(sealSecret('same', 'webhook-endpoint-secret', key));
  });

  it('refuses another key, a changed byte, and a secret sealed for another purpose', () => {
    const sealed = sealSecret('sk-live', 'model-api-key', key);
    expect(() => openSecret(sealed, 'model-api-key', randomBytes(32))).toThrow(/cannot be decrypted/);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 1;
    parts[3] = body.toString('base64');
    expect(() => openSecret(parts.join(':'), 'model-api-key', key)).toThrow(/cannot be decrypted/);
    expect(() => openSecret(sealed, 'oidc-client-secret', key)).toThrow(/cannot be decrypted/);
  });
});

describe('serverKey', () => {
  it('takes TUTORLOOP_SECRET_KEY as 64 hex digits or base64, and refuses another length', () => {
    const raw = randomBytes(32);
    expect(serverKey({ TUTORLOOP_SECRET_KEY: raw.toString('hex') }).equals(raw)).toBe(true);
    expect(serverKey({ TUTORLOOP_SECRET_KEY: raw.toString('base64') }).equals(raw)).toBe(true);
    expect(() => serverKey({ TUTORLOOP_SECRET_KEY: 'abcd' })).toThrow(/32 bytes/);
  });

  it('creates the key file (and its folder) with 0600 on first use, and reads the same key after', () => {
    const path = join(freshDir(), 'nested', 'tutorloop.key');
    const key = serverKey({ TUTORLOOP_SECRET_KEY_FILE: path });
    expect(key.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(key.toString('hex'));
    expect(serverKey({ TUTORLOOP_SECRET_KEY_FILE: path }).equals(key)).toBe(true);
  });

  it('refuses a key file others may read, naming the file', () => {
    const path = join(freshDir(), 'open.key');
    serverKey({ TUTORLOOP_SECRET_KEY_FILE: `${path}` });
    chmodSync(path, 0o644);
    // A second path spelling defeats the per-source cache, as a restarted server would read it afresh.
    expect(() => serverKey({ TUTORLOOP_SECRET_KEY_FILE: `${path.replace(/open\.key$/, './open.key')}` })).toThrow(/open\.key.*chmod 600/);
  });
});

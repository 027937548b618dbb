import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../../src/services/secrets/secretBox.js';

describe('sealed secrets (AES-256-GCM)', () => {
  it('round-trips, never shows the plain text, and differs every time', () => {
    const a = sealSecret('whsec_plain', 'webhook-endpoint-secret');
    const b = sealSecret('whsec_plain', 'webhook-endpoint-secret');
    expect(a).not.toContain('whsec_plain');
    expect(a).not.toBe(b);
    expect(openSecret(a, 'webhook-endpoint-secret')).toBe('whsec_plain');
  });

  it('refuses a tampered ciphertext and one sealed for another purpose', () => {
    const sealed = sealSecret('client-secret', 'oidc-client-secret');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3], 'base64');
    flipped[0] ^= 1;
    expect(() => openSecret([...parts.slice(0, 3), flipped.toString('base64')].join(':'), 'oidc-client-secret')).toThrow(
      /cannot be decrypted/,
    );
    expect(() => openSecret(sealed, 'webhook-endpoint-secret')).toThrow(/cannot be decrypted/);
  });
});

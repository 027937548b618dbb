/**
 * DNS rebinding: a page on evil.example can point its own name at 127.0.0.1 and then read our
 * answers as same-origin. Browsers keep the attacker's name in the Host header, so a request is
 * answered only when its Host is the server's public address (`--public-url`), or, with none
 * configured (development), a loopback name.
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The `host[:port]` a public URL answers as, lower-cased; throws on something that is not an http(s) URL. */
export function publicHostOf(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`public URL "${publicUrl}" is not a URL (expected e.g. https://tutorloop.example.org)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`public URL "${publicUrl}" must start with http:// or https://`);
  return url.host.toLowerCase();
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** True when a request with this Host header may be answered. */
export function hostAllowed(host: string | undefined, publicHost: string | null): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  if (publicHost !== null) return h === publicHost;
  return LOOPBACK_NAMES.has(hostName(h));
}

export function installHostCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  const publicHost = publicUrl ? publicHostOf(publicUrl) : null;
  const expected = publicHost ?? 'a loopback name (localhost, 127.0.0.1, [::1]); set --public-url to serve another';
  app.addHook('onRequest', async (request) => {
    if (!hostAllowed(request.host, publicHost)) {
      throw new HttpError(421, `this server does not answer for host "${request.host ?? ''}"; it answers as ${expected}`);
    }
  });
}

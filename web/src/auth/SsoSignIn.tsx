/**
 * Single sign-on on the sign-in page: the "Sign in with single sign-on" link when an admin set up a
 * provider, and the reason when the server refused an SSO sign-in (it redirects here with `ssoError`).
 */
import { useEffect, useState } from 'react';
import type { SsoStatus } from '../../../src/domain/api/sso.js';
import { request } from '../api/client.js';

export function useSsoStatus(): SsoStatus | null {
  const [status, setStatus] = useState<SsoStatus | null>(null);
  useEffect(() => {
    request<SsoStatus>('/api/sso').then(setStatus, () => setStatus({ sso: false, passwordSignIn: true }));
  }, []);
  return status;
}

export function SsoSignIn({ status }: { status: SsoStatus | null }) {
  const refused = new URLSearchParams(window.location.search).get('ssoError');
  return (
    <>
      {status?.sso ? (
        <a className="button primary sso-button" href="/api/sso/start">
          Sign in with single sign-on
        </a>
      ) : null}
      {refused ? (
        <div className="error" role="alert">
          <p className="error-title">Single sign-on refused: {refused}</p>
        </div>
      ) : null}
    </>
  );
}

/** Ends this session and, when the provider offers it, sends the browser on to end the provider's session too. */
export async function signOutEverywhere(): Promise<void> {
  const { logoutUrl } = await request<{ logoutUrl: string | null }>('/api/sso/logout', { method: 'POST' });
  if (logoutUrl) window.location.assign(logoutUrl);
}

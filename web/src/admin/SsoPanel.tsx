/** Admin: the OpenID Connect provider, who may sign in, how claims map to roles, and whether passwords stay on. */
import { type FormEvent, useEffect, useState } from 'react';
import type { ClaimRule, SsoConfigAnswer, SsoConfigInput } from '../../../src/domain/api/sso.js';
import { request } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useAsync } from '../lib/useAsync.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.sso;

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function SsoPanel() {
  const current = useAsync(() => request<SsoConfigAnswer>('/api/sso/config'), []);
  const [form, setForm] = useState({
    enabled: false,
    issuer: '',
    clientId: '',
    clientSecret: '',
    domains: '',
    rules: '[]',
    createUsers: false,
    passwordSignIn: true,
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const c = current.data?.config;
    if (c)
      setForm({
        enabled: c.enabled,
        issuer: c.issuer,
        clientId: c.clientId,
        clientSecret: '',
        domains: c.allowedEmailDomains.join(', '),
        rules: JSON.stringify(c.rules, null, 2),
        createUsers: c.createUsers,
        passwordSignIn: c.passwordSignIn,
      });
  }, [current.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const body: SsoConfigInput = {
        enabled: form.enabled,
        issuer: form.issuer.trim(),
        clientId: form.clientId.trim(),
        allowedEmailDomains: list(form.domains),
        rules: JSON.parse(form.rules) as ClaimRule[],
        createUsers: form.createUsers,
        passwordSignIn: form.passwordSignIn,
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      };
      await request('/api/sso/config', { method: 'PUT', body });
      setSaved(true);
      await current.reload();
    } catch (err) {
      setError(err instanceof SyntaxError ? new Error(S.rulesNotJson(err.message)) : err);
    }
  };
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  return (
    <section className="panel" aria-labelledby="sso-title">
      <h2 id="sso-title">{S.title}</h2>
      <form onSubmit={submit}>
        <label>
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {S.enabled}
        </label>
        <label htmlFor="sso-issuer">{S.issuer}</label>
        <input id="sso-issuer" type="url" required value={form.issuer} onChange={(e) => set({ issuer: e.target.value })} />
        <label htmlFor="sso-client">{S.clientId}</label>
        <input id="sso-client" required value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} />
        <label htmlFor="sso-secret">{S.clientSecret(current.data?.config?.hasClientSecret === true)}</label>
        <input
          id="sso-secret"
          type="password"
          autoComplete="off"
          value={form.clientSecret}
          onChange={(e) => set({ clientSecret: e.target.value })}
        />
        <label htmlFor="sso-domains">{S.domains}</label>
        <input id="sso-domains" value={form.domains} onChange={(e) => set({ domains: e.target.value })} />
        <label htmlFor="sso-rules">{S.rules}</label>
        <textarea id="sso-rules" rows={5} value={form.rules} onChange={(e) => set({ rules: e.target.value })} />
        <label>
          <input type="checkbox" checked={form.createUsers} onChange={(e) => set({ createUsers: e.target.checked })} /> {S.createUsers}
        </label>
        <label>
          <input type="checkbox" checked={form.passwordSignIn} onChange={(e) => set({ passwordSignIn: e.target.checked })} />{' '}
          {S.passwordSignIn}
        </label>
        <button type="submit" className="primary">
          {S.save}
        </button>
        {saved ? <p role="status">{S.saved}</p> : null}
        {error ? <ErrorMessage error={error} doing={S.doing} /> : null}
        {current.error ? <ErrorMessage error={current.error} /> : null}
      </form>
    </section>
  );
}

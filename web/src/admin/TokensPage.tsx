/** Your own API tokens: create one (its secret is shown once), see when each was last used, revoke. */
import { useState, type FormEvent } from 'react';
import { admin, type TokenCreated } from '../api/admin.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { dateTime } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';

export default function TokensPage() {
  const { data, error, loading, reload } = useAsync(() => admin.tokens(), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setActionError(null);
    try {
      setCreated(await admin.createToken(name));
      setName('');
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const revoke = async (id: number, tokenName: string) => {
    if (!window.confirm(`Revoke the token "${tokenName}"? Scripts using it stop working at once.`)) return;
    setActionError(null);
    try {
      await admin.revokeToken(id);
      if (created?.id === id) setCreated(null);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p className="muted">
        A token acts as you from scripts and the CLI: send it as <code>Authorization: Bearer …</code>. Only its name is kept in view; the
        secret is shown once, when it is made.
      </p>
      <form className="panel form" onSubmit={(e) => void create(e)} aria-label="Create a token">
        <label htmlFor="token-name">Token name</label>
        <span className="import-row">
          <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary">
            Create token
          </button>
        </span>
      </form>
      {created && (
        <div className="notice" role="status">
          <p>
            Token <strong>{created.name}</strong> created. Copy it now: it will not be shown again.
          </p>
          <label htmlFor="new-token">New token</label>
          <input id="new-token" className="token-secret" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <ErrorMessage error={actionError} doing="change your tokens" />
      {loading && !data && <Loading what="Loading your tokens" />}
      <ErrorMessage error={error} doing="load your tokens" onRetry={() => void reload()} />
      {data && data.tokens.length === 0 && <p className="empty">You have no live tokens.</p>}
      {data && data.tokens.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{dateTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'never'}</td>
                  <td>
                    <button type="button" aria-label={`Revoke ${t.name}`} onClick={() => void revoke(t.id, t.name)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Your own API tokens: create one (its secret is shown once), see when each was last used, revoke. */
import { useState, type FormEvent } from 'react';
import { admin, type TokenCreated } from '../api/admin.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { dateTime } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { strings } from '../strings/index.js';

const S = strings.tokens;

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
    if (!window.confirm(S.confirmRevoke(tokenName))) return;
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
      <h1 id="tokens-title">{S.title}</h1>
      <p className="muted">
        {S.introBefore}
        <code>Authorization: Bearer …</code>
        {S.introAfter}
      </p>
      <form className="panel form" onSubmit={(e) => void create(e)} aria-label={S.createLabel}>
        <label htmlFor="token-name">{S.name}</label>
        <span className="import-row">
          <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary">
            {S.create}
          </button>
        </span>
      </form>
      {created && (
        <div className="notice" role="status">
          <p>
            {S.createdBefore}
            <strong>{created.name}</strong>
            {S.createdAfter}
          </p>
          <label htmlFor="new-token">{S.newToken}</label>
          <input id="new-token" className="token-secret" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <ErrorMessage error={actionError} doing={S.changeDoing} />
      {loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && data.tokens.length === 0 && <p className="empty">{S.none}</p>}
      {data && data.tokens.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{S.nameColumn}</th>
                <th scope="col">{S.created}</th>
                <th scope="col">{S.lastUsed}</th>
                <th scope="col">
                  <span className="visually-hidden">{S.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{dateTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : S.never}</td>
                  <td>
                    <button type="button" aria-label={S.revokeLabel(t.name)} onClick={() => void revoke(t.id, t.name)}>
                      {S.revoke}
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

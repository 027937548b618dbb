/** Tutors with tier, domains, certifications and pay; grant or revoke a certification; counts and time per task. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { UserListEntry } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { duration, money } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { workDomains } from '../lib/domains.js';
import { managerStrings } from '../strings/manager.js';

const S = managerStrings.people;

export function PeoplePage() {
  const { data, error, loading, reload } = useAsync(() => api.users(), []);
  const [actionError, setActionError] = useState<unknown>(null);
  const [filter, setFilter] = useState<'tutors' | 'all'>('tutors');
  const users = (data?.users ?? []).filter((u) => filter === 'all' || u.role === 'tutor');

  const revoke = async (u: UserListEntry, domain: string) => {
    if (!window.confirm(S.confirmRevoke(u.name, domain))) return;
    setActionError(null);
    try {
      await api.revokeCertification(u.id, domain, S.revokeReason);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <section aria-labelledby="people-title">
      <div className="page-head">
        <h1 id="people-title">{S.title}</h1>
        <label className="inline-select">
          {S.show}{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as 'tutors' | 'all')}>
            <option value="tutors">{S.tutors}</option>
            <option value="all">{S.everyone}</option>
          </select>
        </label>
      </div>
      {loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      <ErrorMessage error={actionError} doing={S.changing} />
      {data && users.length === 0 && <p className="empty">{S.none}</p>}
      {users.length > 0 && (
        <div className="table-wrap">
          <table className="people">
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.role}</th>
                <th scope="col">{S.tier}</th>
                <th scope="col">{S.domains}</th>
                <th scope="col">{S.certifications}</th>
                <th scope="col">{S.pay}</th>
                <th scope="col" className="num">
                  {S.judgments}
                </th>
                <th scope="col" className="num">
                  {S.time}
                </th>
                <th scope="col">{S.grantTitle}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.disabled ? 'disabled' : ''}>
                  <td>
                    <strong>{u.name}</strong>
                    <br />
                    <span className="muted small">{u.email}</span>
                  </td>
                  <td>{u.role}</td>
                  <td>{u.tier}</td>
                  <td>{workDomains(u.domains, u.certifications) || S.noDomain}</td>
                  <td>
                    {u.certifications.length === 0 ? (
                      <span className="muted">{S.noCertification}</span>
                    ) : (
                      <ul className="cert-chips">
                        {u.certifications.map((c) => (
                          <li key={c.domain}>
                            <span className="tag">{S.level(c.domain, c.level)}</span>
                            <button
                              type="button"
                              className="link-button"
                              onClick={() => void revoke(u, c.domain)}
                              aria-label={S.revokeLabel(u.name, c.domain)}
                            >
                              {S.revoke}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {money(u.payRate)}
                    {S.per(u.payModel)}
                  </td>
                  <td className="num">{u.stats?.judgments ?? 0}</td>
                  <td className="num">{duration(u.stats?.medianDurationMs)}</td>
                  <td>
                    <GrantForm user={u} onDone={() => void reload()} onError={setActionError} />
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

function GrantForm({ user, onDone, onError }: { user: UserListEntry; onDone: () => void; onError: (e: unknown) => void }) {
  const options = user.domains.filter((d) => !user.certifications.some((c) => c.domain === d));
  const [domain, setDomain] = useState(options[0] ?? '');
  const [level, setLevel] = useState(1);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!domain.trim()) return;
    setBusy(true);
    onError(null);
    try {
      await api.grantCertification(user.id, domain.trim(), level);
      setDomain('');
      onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const listId = `domains-${user.id}`;
  return (
    <form className="grant" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`grant-domain-${user.id}`}>
        {S.domainFor(user.name)}
      </label>
      <input
        id={`grant-domain-${user.id}`}
        list={listId}
        value={domain}
        placeholder={S.domainPlaceholder}
        size={10}
        onChange={(e) => setDomain(e.target.value)}
        pattern="[a-z][a-z0-9_\-]{0,39}"
      />
      <datalist id={listId}>
        {user.domains.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      <label className="visually-hidden" htmlFor={`grant-level-${user.id}`}>
        {S.levelLabel}
      </label>
      <select id={`grant-level-${user.id}`} value={level} onChange={(e) => setLevel(Number(e.target.value))}>
        {[1, 2, 3, 4, 5].map((l) => (
          <option key={l} value={l}>
            {S.levelOption(l)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy || !domain.trim()} aria-label={S.grantLabel(user.name)}>
        {S.grant}
      </button>
    </form>
  );
}

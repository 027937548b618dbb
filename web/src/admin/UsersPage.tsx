/** Admin: every user with role, tier, domains, pay and state; create one; edit, disable or reset one. */
import { Fragment, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Loading } from '../components/Loading.js';
import { money } from '../lib/format.js';
import { useAsync } from '../lib/useAsync.js';
import { NewUserForm } from './NewUserForm.js';
import { UserEditor } from './UserEditor.js';
import { strings } from '../strings/index.js';

const S = strings.users;

export default function UsersPage() {
  const { data, error, loading, reload } = useAsync(() => api.users(), []);
  const [editing, setEditing] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const [creating, setCreating] = useState(false);

  // The notice comes once the table shows the change, so what it announces is what the row says.
  const saved = async (what: string) => {
    setEditing(null);
    setCreating(false);
    await reload();
    setNotice(what);
  };

  return (
    <section aria-labelledby="users-title">
      <div className="page-head">
        <h1 id="users-title">{S.title}</h1>
        <button type="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
          {creating ? S.closeNew : S.newUser}
        </button>
      </div>
      <p className="success" role="status">
        {notice}
      </p>
      {creating && <NewUserForm onCreated={(name) => void saved(S.created(name))} />}
      {loading && !data && <Loading what={S.loading} />}
      <ErrorMessage error={error} doing={S.doing} onRetry={() => void reload()} />
      {data && (
        <div className="table-wrap">
          <table className="users">
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.role}</th>
                <th scope="col">{S.tier}</th>
                <th scope="col">{S.domains}</th>
                <th scope="col">{S.pay}</th>
                <th scope="col">{S.state}</th>
                <th scope="col">
                  <span className="visually-hidden">{S.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <Fragment key={u.id}>
                  <tr className={u.disabled ? 'disabled' : ''}>
                    <td>
                      <strong>{u.name}</strong>
                      <br />
                      <span className="muted small">{u.email}</span>
                    </td>
                    <td>{u.role}</td>
                    <td>{u.tier}</td>
                    <td>{u.domains.join(', ') || S.none}</td>
                    <td>
                      {money(u.payRate)}/{S.per(u.payModel)}
                    </td>
                    <td>{u.disabled ? S.disabled : S.active}</td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={editing === u.id}
                        aria-label={S.toggleLabel(editing === u.id, u.name)}
                        onClick={() => setEditing(editing === u.id ? null : u.id)}
                      >
                        {editing === u.id ? S.close : S.edit}
                      </button>
                    </td>
                  </tr>
                  {editing === u.id && (
                    <tr>
                      <td colSpan={7}>
                        <UserEditor user={u} onSaved={(_, what) => void saved(what)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

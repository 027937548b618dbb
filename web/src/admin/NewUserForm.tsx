/** Create a user: who they are, their role and terms, and a first password the admin hands over. */
import { useState, type FormEvent } from 'react';
import { admin } from '../api/admin.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { dollarsToCents, splitDomains, UserFields, type UserFieldValues } from './userFields.js';
import { strings } from '../strings/index.js';

const S = strings.users.form;

const EMPTY: UserFieldValues = { role: 'tutor', tier: 'generalist', domains: '', payModel: 'per_task', pay: '0' };

export function NewUserForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await admin.createUser({
        email,
        name,
        password,
        role: fields.role,
        tier: fields.tier,
        domains: splitDomains(fields.domains),
        payModel: fields.payModel,
        payRate: dollarsToCents(fields.pay),
      });
      setEmail('');
      setName('');
      setPassword('');
      setFields(EMPTY);
      onCreated(user.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" aria-labelledby="new-user-title" onSubmit={(e) => void submit(e)}>
      <h2 id="new-user-title">{S.title}</h2>
      <div className="form-grid">
        <label htmlFor="new-email">{S.email}</label>
        <input id="new-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        <label htmlFor="new-name">{S.name}</label>
        <input id="new-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <UserFields id="new" value={fields} onChange={setFields} />
        <label htmlFor="new-password">{S.password}</label>
        <input
          id="new-password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} doing={S.doing} />
      <div className="actions-row">
        <button type="submit" className="primary" disabled={busy}>
          {S.create}
        </button>
      </div>
    </form>
  );
}

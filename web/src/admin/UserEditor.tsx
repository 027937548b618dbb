/**
 * Change one user: name, role, tier, domains and pay; disable or enable; set a new password. Only the
 * fields that changed are sent, and the admin is told what was saved.
 */
import { useState, type FormEvent } from 'react';
import { admin, type UserChanges } from '../api/admin.js';
import type { User } from '../api/types.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { dollarsToCents, splitDomains, UserFields, type UserFieldValues } from './userFields.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.userEditor;

const fieldsOf = (u: User): UserFieldValues => ({
  role: u.role,
  tier: u.tier,
  domains: u.domains.join(', '),
  payModel: u.payModel,
  pay: (u.payRate / 100).toFixed(2),
});

/** The fields of `next` that differ from `user`, as PATCH takes them. */
function changesOf(user: User, name: string, f: UserFieldValues, disabled: boolean): UserChanges {
  const c: UserChanges = {};
  const domains = splitDomains(f.domains);
  if (name !== user.name) c.name = name;
  if (f.role !== user.role) c.role = f.role;
  if (f.tier !== user.tier) c.tier = f.tier;
  if (domains.join(',') !== user.domains.join(',')) c.domains = domains;
  if (f.payModel !== user.payModel) c.payModel = f.payModel;
  if (dollarsToCents(f.pay) !== user.payRate) c.payRate = dollarsToCents(f.pay);
  if (disabled !== user.disabled) c.disabled = disabled;
  return c;
}

export function UserEditor({ user, onSaved }: { user: User; onSaved: (u: User, what: string) => void }) {
  const id = `user-${user.id}`;
  const [name, setName] = useState(user.name);
  const [fields, setFields] = useState(fieldsOf(user));
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const changes = changesOf(user, name, fields, disabled);
    if (Object.keys(changes).length === 0) return onSaved(user, S.nothing(user.name));
    if (changes.disabled && !window.confirm(S.confirmDisable(user.name))) return;
    try {
      const r = await admin.updateUser(user.id, changes);
      onSaved(r.user, S.saved(r.user.name, Object.keys(changes).join(', ')));
    } catch (err) {
      setError(err);
    }
  };

  const reset = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await admin.resetPassword(user.id, password);
      setPassword('');
      onSaved(user, S.passwordSet(user.name));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="user-editor">
      <form aria-label={S.formLabel(user.name)} onSubmit={(e) => void save(e)}>
        <div className="form-grid">
          <label htmlFor={`${id}-name`}>{S.name}</label>
          <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
          <UserFields id={id} value={fields} onChange={setFields} />
          <span className="label">{S.access}</span>
          <label className="inline-check">
            <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} /> {S.disabled}
          </label>
        </div>
        <div className="actions-row">
          <button type="submit" className="primary">
            {S.save}
          </button>
        </div>
      </form>
      <form aria-label={S.passwordLabel(user.name)} onSubmit={(e) => void reset(e)} className="form-grid">
        <label htmlFor={`${id}-password`}>{S.newPassword}</label>
        <span className="import-row">
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit">{S.setPassword}</button>
        </span>
      </form>
      <ErrorMessage error={error} doing={S.doing(user.name)} />
    </div>
  );
}

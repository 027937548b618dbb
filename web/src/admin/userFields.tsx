/** The fields a user has that an admin sets, shared by the new-user form and the editor. */
import type { PayModel, Role, Tier } from '../api/types.js';
import { ROLES } from '../lib/roles.js';
import { adminStrings } from '../strings/admin.js';

const S = adminStrings.userFields;

export interface UserFieldValues {
  role: Role;
  tier: Tier;
  /** Comma-separated, as typed. */
  domains: string;
  payModel: PayModel;
  /** Dollars, as typed; sent as integer cents. */
  pay: string;
}

export const splitDomains = (s: string) =>
  s
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);

export const dollarsToCents = (s: string) => Math.round(Number(s || '0') * 100);

export function UserFields({ id, value, onChange }: { id: string; value: UserFieldValues; onChange: (v: UserFieldValues) => void }) {
  const set = <K extends keyof UserFieldValues>(k: K, v: UserFieldValues[K]) => onChange({ ...value, [k]: v });
  return (
    <>
      <label htmlFor={`${id}-role`}>{S.role}</label>
      <select id={`${id}-role`} value={value.role} onChange={(e) => set('role', e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <label htmlFor={`${id}-tier`}>{S.tier}</label>
      <select id={`${id}-tier`} value={value.tier} onChange={(e) => set('tier', e.target.value as Tier)}>
        <option>generalist</option>
        <option>specialist</option>
        <option>model</option>
      </select>
      <label htmlFor={`${id}-domains`}>{S.domains}</label>
      <input id={`${id}-domains`} value={value.domains} onChange={(e) => set('domains', e.target.value)} />
      <label htmlFor={`${id}-pay-model`}>{S.payModel}</label>
      <select id={`${id}-pay-model`} value={value.payModel} onChange={(e) => set('payModel', e.target.value as PayModel)}>
        <option value="per_task">{S.payModels.per_task}</option>
        <option value="hourly">{S.payModels.hourly}</option>
      </select>
      <label htmlFor={`${id}-pay`}>{S.pay(value.payModel)}</label>
      <input id={`${id}-pay`} type="number" min="0" step="0.01" value={value.pay} onChange={(e) => set('pay', e.target.value)} />
    </>
  );
}

/**
 * From the provider's claims to a role, tier and domains, by the admin's rules: the first rule that
 * matches sets the role (and the tier), every matching rule adds its domains.
 */
import type { ClaimRule } from '../../domain/api/sso.js';
import type { Role, Tier } from '../../domain/users.js';

export interface Mapped {
  role?: Role;
  tier?: Tier;
  domains?: string[];
}

function matches(claims: Record<string, unknown>, rule: ClaimRule): boolean {
  const v = claims[rule.claim];
  return Array.isArray(v) ? v.map(String).includes(rule.value) : v !== undefined && v !== null && String(v) === rule.value;
}

export function mapClaims(claims: Record<string, unknown>, rules: readonly ClaimRule[]): Mapped {
  const out: Mapped = {};
  for (const rule of rules.filter((r) => matches(claims, r))) {
    out.role ??= rule.role;
    out.tier ??= rule.tier;
    if (rule.domains) out.domains = [...new Set([...(out.domains ?? []), ...rule.domains])];
  }
  return out;
}

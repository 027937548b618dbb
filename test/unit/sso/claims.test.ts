import { describe, expect, it } from 'vitest';
import { mapClaims } from '../../../src/services/sso/claims.js';

const rules = [
  { claim: 'groups', value: 'tl-admins', role: 'admin' as const },
  { claim: 'groups', value: 'doctors', tier: 'specialist' as const, domains: ['medicine'] },
  { claim: 'department', value: 'law', role: 'reviewer' as const, domains: ['law'] },
];

describe('claim → role, tier and domains', () => {
  it('takes role and tier from the first matching rule and adds up the domains of every match', () => {
    expect(mapClaims({ groups: ['doctors', 'tl-admins'], department: 'law' }, rules)).toEqual({
      role: 'admin',
      tier: 'specialist',
      domains: ['medicine', 'law'],
    });
  });

  it('matches a plain claim value, and maps nothing when no rule matches', () => {
    expect(mapClaims({ department: 'law' }, rules)).toEqual({ role: 'reviewer', domains: ['law'] });
    expect(mapClaims({ groups: ['staff'], department: 'physics' }, rules)).toEqual({});
  });
});

/** How many PostgreSQL routing groups a process keeps in flight (routingGroups.ts): read once, checked at `serve`'s start. */
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/domain/errors.js';
import { routingGroupsInFlight } from '../../../src/store/repositories/routingGroups.js';

describe('TUTORLOOP_PG_ROUTING_GROUPS', () => {
  it('is 2 when unset or empty, and the number given otherwise', () => {
    expect(routingGroupsInFlight(undefined)).toBe(2);
    expect(routingGroupsInFlight('')).toBe(2);
    expect(routingGroupsInFlight('1')).toBe(1);
    expect(routingGroupsInFlight('4')).toBe(4);
  });

  it.each(['0', '-1', '1.5', 'two', '65'])('refuses %j with a message that names the variable', (text) => {
    expect(() => routingGroupsInFlight(text)).toThrow(UserInputError);
    expect(() => routingGroupsInFlight(text)).toThrow(`TUTORLOOP_PG_ROUTING_GROUPS must be a whole number from 1 to 64, not "${text}"`);
  });
});

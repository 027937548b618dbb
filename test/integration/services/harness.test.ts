/** The test harness itself: a follow-up error reported during a test must fail that test. */
import { describe, expect, it } from 'vitest';
import { freshSqlitePath } from '../../support/databases.js';
import { harness } from '../../support/fixtures.js';

describe('test harness', () => {
  it('close rejects, naming the error, when a follow-up reported one', async () => {
    const h = await harness(`sqlite:${freshSqlitePath()}`);
    h.ctx.reportError!(new Error('consensus exploded'), 'after submit: consensus');
    await expect(h.close()).rejects.toThrow(/after submit: consensus: consensus exploded/);
  });

  it('close resolves when nothing was reported', async () => {
    const h = await harness(`sqlite:${freshSqlitePath()}`);
    await expect(h.close()).resolves.toBeUndefined();
  });
});

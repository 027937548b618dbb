import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  exportProject,
  grantCertification,
  importTasks,
  listCertifications,
  nextAssignment,
  revokeCertification,
  submitAnnotation,
} from '../../../src/services/index.js';
import { NotFoundError } from '../../../src/domain/errors.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('the simple path on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('creates a project, imports, leases, submits and exports a DPO line', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const project = await createProject(h.ctx, manager, { name: 'prefs', type: 'preference', domains: ['general'], overlap: 3 });
    expect(project).toMatchObject({ name: 'prefs', status: 'active', overlap: 3 });

    const result = await importTasks(h.ctx, manager, project.id, lines(preferenceLine('t1'), preferenceLine('t2')), {
      fileName: 'a.jsonl',
    });
    expect(result).toEqual({ imported: 2, skipped: 0 });

    for (const [i, tutor] of tutors.entries()) {
      const next = await nextAssignment(h.ctx, tutor, project.id);
      expect(next).not.toBeNull();
      expect(next!.task.type).toBe('preference');
      await submitAnnotation(h.ctx, tutor, next!.assignment.id, { response: { choice: i < 2 ? 'a' : 'b' }, durationMs: 1000 });
    }
    const out: string[] = [];
    for await (const l of await exportProject(h.ctx, project.id, 'dpo')) out.push(l);
    expect(out).toHaveLength(1);
    const dpo = JSON.parse(out[0]) as {
      prompt: unknown[];
      chosen: { content: string }[];
      rejected: { content: string }[];
      meta: { votes: { response: string; count: number }[] };
    };
    expect(dpo.chosen[0].content).toMatch(/^Answer A/);
    expect(dpo.rejected[0].content).toMatch(/^Answer B/);
    // votes are a list of records (one type per field, whatever the response ids)
    expect(dpo.meta.votes).toEqual([
      { response: 'a', count: 2 },
      { response: 'b', count: 1 },
      { response: 'tie', count: 0 },
    ]);
  });

  it('grants and revokes certifications, and certification gates a project that requires it', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const tutor = await addUser(h.store, { tier: 'specialist', domains: ['medicine'] });
    const project = await createProject(h.ctx, admin, {
      name: 'med',
      type: 'preference',
      domains: ['medicine'],
      eligibility: { tiers: ['specialist'], requireCertification: true },
    });
    await importTasks(h.ctx, admin, project.id, lines(preferenceLine('m1', { domain: 'medicine' })));
    await expect(nextAssignment(h.ctx, tutor, project.id)).rejects.toBeInstanceOf(NotFoundError);
    await grantCertification(h.ctx, admin, tutor.id, { domain: 'medicine', level: 2 });
    expect(await nextAssignment(h.ctx, tutor, project.id)).not.toBeNull();
    await revokeCertification(h.ctx, admin, tutor.id, 'medicine', 'gold accuracy fell');
    await expect(nextAssignment(h.ctx, tutor, project.id)).rejects.toBeInstanceOf(NotFoundError);
    const certs = await listCertifications(h.ctx, tutor.id);
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ domain: 'medicine', level: 2, source: 'granted' });
    expect(certs[0].revokedAt).not.toBeNull();
    const audit = await h.store.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['project.create', 'tasks.import', 'certification.grant', 'certification.revoke']);
  });
});

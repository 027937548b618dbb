/** A preference project with a 10-minute lease and these task lines, made by a fresh manager. */
import { createProject, importTasks } from '../../../src/services/index.js';
import { addUser, lines, type Harness } from '../../support/fixtures.js';

export async function preferenceProject(h: Harness, overlap: number, taskLines: string[], extra: Record<string, unknown> = {}) {
  const manager = await addUser(h.store, { role: 'manager' });
  const project = await createProject(h.ctx, manager, {
    name: 'p',
    type: 'preference',
    domains: ['general'],
    overlap,
    leaseSeconds: 600,
    ...extra,
  });
  await importTasks(h.ctx, manager, project.id, lines(...taskLines));
  return { manager, project };
}

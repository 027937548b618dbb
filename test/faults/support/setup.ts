/**
 * The data a fault scenario starts from, written straight into the database before any server
 * runs: a manager, tutors with API tokens (bearer: no sign-in rate limits, no CSRF), one
 * preference project and its tasks. Also the databases: a fresh SQLite file or PostgreSQL database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken } from '../../../src/services/auth/tokens.js';
import { serviceContext } from '../../../src/services/context.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { createUser, actorOf } from '../../../src/services/users/index.js';
import { openStore } from '../../../src/store/database.js';

export interface Scenario {
  projectId: number;
  overlap: number;
  /** One bearer token per tutor, and the tutor's user id. */
  tutors: { id: number; token: string }[];
  managerToken: string;
}

export interface ScenarioOptions {
  tutors: number;
  tasks: number;
  overlap: number;
  leaseSeconds?: number;
}

export async function seedScenario(url: string, o: ScenarioOptions): Promise<Scenario> {
  const store = await openStore(url);
  try {
    const ctx = serviceContext(store);
    const manager = await createUser(ctx, null, {
      email: 'manager@faults.test',
      name: 'Manager',
      role: 'manager',
      password: 'a long manager password 42',
    });
    const managerActor = actorOf(manager);
    const project = await createProject(ctx, managerActor, {
      name: 'faults',
      type: 'preference',
      domains: ['general'],
      overlap: o.overlap,
      leaseSeconds: o.leaseSeconds ?? 1800,
    });
    const lines = Array.from({ length: o.tasks }, (_, i) =>
      JSON.stringify({
        id: `t${i}`,
        type: 'preference',
        domain: 'general',
        prompt: `Question ${i}?`,
        responses: [
          { id: 'a', text: `A ${i}` },
          { id: 'b', text: `B ${i}` },
        ],
      }),
    );
    await importTasks(ctx, managerActor, project.id, [lines.join('\n')]);
    const tutors: Scenario['tutors'] = [];
    for (let i = 0; i < o.tutors; i++) {
      const user = await createUser(ctx, null, {
        email: `tutor${i}@faults.test`,
        name: `Tutor ${i}`,
        password: 'a long tutor password 42',
      });
      tutors.push({ id: user.id, token: (await createApiToken(ctx, actorOf(user), 'faults')).token });
    }
    const managerToken = (await createApiToken(ctx, managerActor, 'faults')).token;
    return { projectId: project.id, overlap: o.overlap, tutors, managerToken };
  } finally {
    await store.close();
  }
}

export function freshSqliteFile(dir = mkdtempSync(join(tmpdir(), 'tutorloop-faults-'))): string {
  return join(dir, 'faults.db');
}

/** A rubric workflow set up through the services: an authoring project for medicine, its grading project, certified specialists and graders. */
import { createProject, grantCertification, importTasks, nextAssignment, submitAnnotation } from '../../src/services/index.js';
import type { Actor } from '../../src/services/context.js';
import { addUser, type Harness, lines } from './fixtures.js';

export const RUBRIC_ITEM = {
  id: 'med-1',
  type: 'rubric',
  domain: 'medicine',
  stage: 'author',
  prompt: 'Can I take ibuprofen for a headache while pregnant?',
  responses: [
    { id: 'a', text: 'Avoid ibuprofen after 20 weeks of pregnancy; paracetamol is usually preferred. Ask your midwife or doctor.' },
    { id: 'b', text: 'Yes, ibuprofen is fine at any stage.' },
  ],
};

export const CRITERIA = [
  { text: 'Warns against NSAIDs after 20 weeks', weight: 5, essential: true },
  { text: 'Suggests paracetamol as the usual alternative', weight: 3, essential: false },
  { text: 'Advises asking a clinician', weight: 2, essential: false },
];

export interface RubricFlow {
  admin: Actor;
  authors: [Actor, Actor];
  graders: [Actor, Actor];
  authoring: number;
  grading: number;
}

export async function rubricFlow(h: Harness, gradingOverlap = 2): Promise<RubricFlow> {
  const admin = await addUser(h.store, { role: 'admin' });
  const grading = await createProject(h.ctx, admin, {
    name: 'med rubric grading',
    type: 'rubric',
    domains: ['medicine'],
    overlap: gradingOverlap,
  });
  const authoring = await createProject(h.ctx, admin, {
    name: 'med rubric authoring',
    type: 'rubric',
    domains: ['medicine'],
    overlap: 1,
    eligibility: { tiers: ['specialist'], requireCertification: true },
    rubricGradingProject: grading.id,
  });
  const authors: [Actor, Actor] = [
    await addUser(h.store, { tier: 'specialist', domains: ['medicine'] }),
    await addUser(h.store, { tier: 'specialist', domains: ['medicine'] }),
  ];
  for (const a of authors) await grantCertification(h.ctx, admin, a.id, { domain: 'medicine', level: 2 });
  const graders: [Actor, Actor] = [await addUser(h.store), await addUser(h.store)];
  await importTasks(h.ctx, admin, authoring.id, lines(JSON.stringify(RUBRIC_ITEM)));
  return { admin, authors, graders, authoring: authoring.id, grading: grading.id };
}

/** Lease the next task and submit `response` for it; returns the task as leased. */
export async function work(
  h: Harness,
  actor: Actor,
  projectId: number,
  respond: (payload: Record<string, unknown>) => Record<string, unknown>,
) {
  const next = await nextAssignment(h.ctx, actor, projectId);
  if (!next) throw new Error(`nothing to lease in project ${projectId}`);
  const payload = next.task.payload as Record<string, unknown>;
  await submitAnnotation(h.ctx, actor, next.assignment.id, { response: respond(payload), durationMs: 30_000 });
  return payload;
}

/** A grading where every criterion in `met` (by response) is met, quoting the first words as evidence. */
export const gradeResponse = (met: Record<string, string[]>) => (payload: Record<string, unknown>) => ({
  stage: 'grade',
  grades: (payload.responses as { id: string; text: string }[]).map((r) => ({
    response: r.id,
    verdicts: (payload.criteria as { id: string }[]).map((c) => ({
      criterion: c.id,
      met: (met[r.id] ?? []).includes(c.id),
      evidence: (met[r.id] ?? []).includes(c.id) ? r.text.slice(0, 12) : '',
    })),
  })),
});

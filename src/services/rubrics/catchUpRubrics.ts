/**
 * The next stage of a rubric is written after the submit that asks for it (advanceRubric.ts); a crash
 * in between would leave a stored answer whose next stage never comes. At start, `serve` runs this
 * catch-up: for each rubric authoring project, every authoring or review answer whose next task (or
 * decision) is missing is advanced again. advanceRubric is idempotent, so redoing a half-done one is safe.
 */
import type { RubricPayload, RubricResponse } from '../../domain/rubric.js';
import type { Role, Tier } from '../../domain/users.js';
import { allProjects } from '../../store/repositories/projects.js';
import { rubricStageAnnotations, rubricVersion } from '../../store/repositories/rubrics.js';
import { externalIdsOf } from '../../store/repositories/tasks.js';
import type { ServiceContext } from '../context.js';
import { advanceRubric, rubricTaskIds } from './advanceRubric.js';

/** How many answers were advanced again. */
export async function catchUpRubrics(ctx: ServiceContext): Promise<number> {
  const db = ctx.store.db;
  let advanced = 0;
  for (const project of await allProjects(db)) {
    if (project.config.type !== 'rubric') continue;
    const answers = await rubricStageAnnotations(db, project.id);
    if (answers.length === 0) continue;
    const here = new Set((await externalIdsOf(db, project.id)).values());
    const gradingId = project.config.rubricGradingProject;
    const graded = gradingId === undefined ? new Set<string>() : new Set((await externalIdsOf(db, gradingId)).values());
    for (const a of answers) {
      const payload = JSON.parse(a.payload) as RubricPayload;
      const response = JSON.parse(a.response) as RubricResponse;
      let due = false;
      if (payload.stage === 'author') {
        due = !here.has(rubricTaskIds.review(payload.rubric ?? { item: a.externalId, version: 1 }));
      } else if (payload.stage === 'review' && response.stage === 'review') {
        const ref = payload.rubric;
        const version = await rubricVersion(db, project.id, ref.item, ref.version);
        const next =
          response.decision === 'approve'
            ? gradingId === undefined || graded.has(rubricTaskIds.grade(ref))
            : here.has(rubricTaskIds.author({ item: ref.item, version: ref.version + 1 }));
        due = version?.status === 'pending' || !next;
      }
      if (!due) continue;
      const actor = { id: a.userId, role: a.role as Role, tier: a.tier as Tier, domains: JSON.parse(a.domains) as string[] };
      await advanceRubric(ctx, actor, project, { taskId: a.taskId, domain: a.domain, payload }, a.annotationId, response);
      advanced++;
    }
  }
  return advanced;
}

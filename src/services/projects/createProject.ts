/** Create a project from a ProjectInput; the name must be unique. Audited as `project.create`. */
import { ProjectInput } from '../../domain/projects.js';
import { validateInput } from '../../domain/validation.js';
import { ConflictError } from '../../domain/errors.js';
import { insertProject, projectNameTaken } from '../../store/repositories/projects.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { projectView, type ProjectView } from './view.js';

export async function createProject(ctx: ServiceContext, actor: Actor, input: unknown): Promise<ProjectView> {
  const valid = validateInput(ProjectInput, input);
  const config = valid;
  const at = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    if (await projectNameTaken(db, config.name)) throw new ConflictError(`a project named "${config.name}" already exists`);
    const project = await insertProject(db, config, actor.id, at);
    await recordAudit(db, {
      actorId: actor.id,
      action: 'project.create',
      targetType: 'project',
      targetId: project.id,
      detail: { name: config.name, type: config.type },
      at,
    });
    return projectView(project);
  });
}

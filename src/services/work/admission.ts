/** Load a project and decide whether it admits this tutor (shared by next, project lists and counts). */
import { NotFoundError } from '../../domain/errors.js';
import { admit, needsCertifications, type Admission } from '../../routing/eligibility.js';
import { certifiedDomains } from '../../store/repositories/certifications.js';
import { projectById } from '../../store/repositories/lookups.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import type { Store } from '../../store/database.js';
import type { Db } from '../../store/transaction.js';
import type { Actor } from '../context.js';

export async function admissionFor(db: Db, actor: Actor, project: ProjectRecord): Promise<Admission> {
  const c = project.config;
  const rules = { status: project.status, domains: c.domains, eligibility: c.eligibility, purpose: c.purpose };
  // Certifications are read only when they can change the answer (one query saved on most `next` calls).
  const certified = needsCertifications(rules, actor.tier) ? await certifiedDomains(db, actor.id) : [];
  return admit(rules, { tier: actor.tier, domains: actor.domains, certifiedDomains: certified });
}

export async function projectAndAdmission(
  store: Store,
  actor: Actor,
  projectId: number,
): Promise<{ project: ProjectRecord; admission: Admission }> {
  const project = await projectById(store, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  return { project, admission: await admissionFor(store.db, actor, project) };
}

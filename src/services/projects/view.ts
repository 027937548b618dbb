/** How a project is shown: its config plus identity, status and creation time. */
import type { ProjectConfig, ProjectStatus } from '../../domain/projects.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';

export type ProjectView = ProjectConfig & { id: number; status: ProjectStatus; createdAt: string };

export function projectView(p: ProjectRecord): ProjectView {
  return { ...p.config, id: p.id, status: p.status, createdAt: new Date(p.createdAt).toISOString() };
}

/**
 * What a tutor may see of a project. Projects hold no gold; this drops what is the manager's
 * business (pay policy and eligibility are kept because they explain why the tutor is here).
 */
export function tutorProjectView(p: ProjectView): ProjectView {
  const { ...view } = p;
  delete (view as Partial<ProjectView> & { stats?: unknown }).stats;
  // The cascade is routing's business: a tutor never learns that earlier tiers judged their task.
  delete (view as Partial<ProjectView>).cascade;
  return view;
}

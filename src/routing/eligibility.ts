/**
 * Who may work on which tasks of a project. Rules, in order:
 * 1. the project must be active;
 * 2. the tutor's tier must be in `eligibility.tiers`;
 * 3. a specialist with a non-empty `domains` list gets only tasks in those domains (a specialist is
 *    hired for a field); a generalist's `domains` are informational and do not narrow their work;
 * 4. with `requireCertification`, only task domains where the tutor holds an active certification.
 * What is left is the set of task domains this tutor may receive; empty means not admitted.
 */
import type { Eligibility, ProjectStatus } from '../domain/projects.js';
import type { Tier } from '../domain/users.js';

export interface TutorFacts {
  tier: Tier;
  domains: string[];
  /** Domains with an active (not revoked) certification. */
  certifiedDomains: string[];
}

export interface ProjectRules {
  status: ProjectStatus;
  domains: string[];
  eligibility: Eligibility;
}

export type Admission =
  | { admitted: true; /** Task domains this tutor may receive. */ domains: string[]; /** True when every project domain is open to them. */ allDomains: boolean }
  | { admitted: false; reason: string };

export function admit(project: ProjectRules, tutor: TutorFacts): Admission {
  if (project.status !== 'active') return { admitted: false, reason: `the project is ${project.status}` };
  if (!project.eligibility.tiers.includes(tutor.tier)) {
    return { admitted: false, reason: `the project is open to ${project.eligibility.tiers.join(' and ')} tutors only` };
  }
  let domains = project.domains;
  if (tutor.tier === 'specialist' && tutor.domains.length > 0) domains = domains.filter((d) => tutor.domains.includes(d));
  if (project.eligibility.requireCertification) domains = domains.filter((d) => tutor.certifiedDomains.includes(d));
  if (domains.length === 0) {
    return {
      admitted: false,
      reason: project.eligibility.requireCertification
        ? `the project needs a certification in one of: ${project.domains.join(', ')}`
        : `the project's domains (${project.domains.join(', ')}) are outside your domains`,
    };
  }
  return { admitted: true, domains, allDomains: domains.length === project.domains.length };
}

/** Does this rule set depend on certifications (so the caller must read them)? */
export const needsCertifications = (project: ProjectRules): boolean => project.eligibility.requireCertification;

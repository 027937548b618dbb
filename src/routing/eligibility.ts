/**
 * Who may work on which tasks of a project. Rules, in order:
 * 1. the project must be active, and a production project: exam and practice projects are question
 *    banks, served only through exams and the practice path, never through `next`;
 * 2. the tutor's tier must be in `eligibility.tiers` — except that a generalist holding an active
 *    certification in a domain counts as a specialist in that domain (passing the exam is how a
 *    generalist becomes one), so a specialist-only project admits them for those domains only;
 * 3. a specialist with a non-empty `domains` list gets only tasks in those domains (a specialist is
 *    hired for a field, and a certification elsewhere does not widen that); a generalist's `domains`
 *    are informational and do not narrow their work;
 * 4. with `requireCertification`, only task domains where the tutor holds an active certification.
 * What is left is the set of task domains this tutor may receive; empty means not admitted.
 */
import type { Eligibility, ProjectStatus } from '../domain/projects.js';
import type { ProjectPurpose } from '../domain/quality.js';
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
  /** Absent on configs stored before purposes existed: production. */
  purpose?: ProjectPurpose;
}

export type Admission =
  | {
      admitted: true /** Task domains this tutor may receive. */;
      domains: string[] /** True when every project domain is open to them. */;
      allDomains: boolean;
    }
  | { admitted: false; reason: string };

export const QUESTION_BANK_REASON = 'this project is a question bank for exams/practice';

/** A generalist meets a specialist-only project: only their certified domains can open it. */
const certifiedAsSpecialist = (project: ProjectRules, tier: Tier): boolean =>
  tier === 'generalist' && !project.eligibility.tiers.includes('generalist') && project.eligibility.tiers.includes('specialist');

export function admit(project: ProjectRules, tutor: TutorFacts): Admission {
  if (project.status !== 'active') return { admitted: false, reason: `the project is ${project.status}` };
  if ((project.purpose ?? 'production') !== 'production') return { admitted: false, reason: QUESTION_BANK_REASON };
  const viaCertification = certifiedAsSpecialist(project, tutor.tier);
  if (!project.eligibility.tiers.includes(tutor.tier) && !viaCertification) {
    return { admitted: false, reason: `the project is open to ${project.eligibility.tiers.join(' and ')} tutors only` };
  }
  let domains = project.domains;
  if (tutor.tier === 'specialist' && tutor.domains.length > 0) domains = domains.filter((d) => tutor.domains.includes(d));
  if (viaCertification || project.eligibility.requireCertification) domains = domains.filter((d) => tutor.certifiedDomains.includes(d));
  if (domains.length === 0) {
    return {
      admitted: false,
      reason: viaCertification
        ? `the project is open to specialist tutors only, or to tutors certified in one of: ${project.domains.join(', ')}`
        : project.eligibility.requireCertification
          ? `the project needs a certification in one of: ${project.domains.join(', ')}`
          : `the project's domains (${project.domains.join(', ')}) are outside your domains`,
    };
  }
  return { admitted: true, domains, allDomains: domains.length === project.domains.length };
}

/** Does admitting this tutor depend on certifications (so the caller must read them)? */
export const needsCertifications = (project: ProjectRules, tier: Tier): boolean =>
  (project.purpose ?? 'production') === 'production' && (project.eligibility.requireCertification || certifiedAsSpecialist(project, tier));

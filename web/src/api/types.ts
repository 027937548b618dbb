/**
 * Shapes of the API's answers, as docs/api.md describes them. Request bodies reuse the domain types
 * (`src/domain`), imported as types only so no zod code reaches the browser bundle.
 */
import type { ProjectConfig, ProjectStatus } from '../../../src/domain/projects.js';
import type { TaskPayload, TaskType } from '../../../src/domain/tasks.js';
import type { PayModel, Role, Tier } from '../../../src/domain/users.js';

export type { ProjectConfig, ProjectInput, ProjectStatus, RubricAxis } from '../../../src/domain/projects.js';
export type { TaskPayload, TaskType } from '../../../src/domain/tasks.js';
export type { TaskResponse } from '../../../src/domain/responses.js';
export type { Role, Tier, PayModel } from '../../../src/domain/users.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  domains: string[];
  payModel: PayModel;
  payRate: number;
  disabled: boolean;
}

export interface Certification {
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  grantedAt: string;
}

export interface Me {
  user: User;
  certifications: Certification[];
  /** Added by the quality loop (a later issue): the tutor's recent accuracy on gold, if measured. */
  quality?: { goldAccuracy?: number | null; agreement?: number | null; window?: string } | null;
}

export interface ProjectStats {
  tasks: { total: number; gold: number; done: number; inProgress: number; left: number };
  judgmentsPerDay: { day: string; count: number }[];
  perTutor: { userId: number; name: string; tier: Tier; judgments: number; medianDurationMs: number | null }[];
}

export type Project = ProjectConfig & {
  id: number;
  status: ProjectStatus;
  createdAt: string;
  /** Manager view of GET /api/projects. */
  stats?: Partial<ProjectStats> & Record<string, unknown>;
  /** Tutor view of GET /api/projects: tasks still open to this tutor. */
  available?: number;
};

export interface TutorTask<T extends TaskType = TaskType> {
  id: number | string;
  type: T;
  domain: string;
  payload: TaskPayload<T>;
}

export interface Lease {
  assignment: { id: number | string; expiresAt: string };
  task: TutorTask;
}

export interface UserWithStats extends User {
  certifications: Certification[];
  stats?: { judgments: number; medianDurationMs: number | null };
}

export interface ImportResult {
  imported: number;
  skipped: number;
}

export interface Problem {
  line?: number;
  field?: string;
  message: string;
}

export const EXPORT_FORMATS = ['dpo', 'sft', 'rm', 'annotations'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

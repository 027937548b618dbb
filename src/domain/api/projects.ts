/** Projects: /api/projects, /api/projects/:id and its stats. */
import { z } from 'zod';
import { AVAILABLE_CAP, CascadePolicy, Eligibility, ProjectStatus, type ProjectConfig } from '../projects.js';
import { QualityPolicy } from '../quality.js';

export { ProjectInput } from '../projects.js';

/** ProjectConfig fields + {id, status, createdAt}; loose because the config grows with the domain schema. */
export const ProjectSchema = z
  .looseObject({
    id: z.number().int(),
    name: z.string(),
    type: z.string(),
    domains: z.array(z.string()),
    status: ProjectStatus,
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });
/** The schema's fields, and (passed through by the loose schema) the rest of the project's config. */
export type Project = z.output<typeof ProjectSchema> & ProjectConfig;

export const ProjectStatsSchema = z
  .object({
    tasks: z.object({ total: z.number(), gold: z.number(), done: z.number(), inProgress: z.number(), left: z.number() }),
    judgmentsPerDay: z.array(z.object({ day: z.string(), count: z.number() })),
    perTutor: z.array(
      z.object({ userId: z.number(), name: z.string(), tier: z.string(), judgments: z.number(), medianDurationMs: z.number().nullable() }),
    ),
  })
  .meta({ id: 'ProjectStats' });
export type ProjectStats = z.output<typeof ProjectStatsSchema>;

/** Managers get `stats`; tutors and reviewers get `available` (tasks still open to them). */
export const ProjectListEntry = ProjectSchema.extend({
  stats: ProjectStatsSchema.optional(),
  available: z
    .number()
    .int()
    .min(0)
    .max(AVAILABLE_CAP)
    .optional()
    .describe(`Tasks left for this tutor, check tasks counted alike; ${AVAILABLE_CAP} means ${AVAILABLE_CAP} or more`),
});
export type ProjectListEntry = z.output<typeof ProjectListEntry> & ProjectConfig;

export const ProjectList = z.object({ projects: z.array(ProjectListEntry) });
export const ProjectOk = z.object({ project: ProjectSchema });

export const ProjectPatch = z
  .object({
    name: z.string().min(1).max(200),
    status: ProjectStatus,
    instructions: z.string().max(50_000),
    overlap: z.number().int().min(1).max(50),
    goldRate: z.number().min(0).max(1),
    payPerTask: z.number().int().min(0),
    eligibility: Eligibility,
    leaseSeconds: z
      .number()
      .int()
      .min(30)
      .max(24 * 3600),
    /** Replaces the whole policy (consensus method, adaptive overlap, floor, trust, review thresholds). */
    quality: QualityPolicy,
    /** Replaces the cascade (null switches it off); every task starts again at its domain's start tier. */
    cascade: CascadePolicy.nullable(),
  })
  .partial()
  .strict();
export type ProjectPatch = z.input<typeof ProjectPatch>;

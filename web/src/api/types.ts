/**
 * The API's shapes: the server's own schemas (src/domain/api/, one file per resource) and domain types,
 * imported as types only. No zod code reaches the browser bundle, and a schema change the web does not
 * follow is a compile error.
 */
export type { ProjectConfig, ProjectInput, ProjectStatus, RubricAxis } from '../../../src/domain/projects.js';
export type { TaskPayload, TaskType } from '../../../src/domain/tasks.js';
export type { TaskResponse } from '../../../src/domain/responses.js';
export type { Role, Tier, PayModel } from '../../../src/domain/users.js';
export type { Certification, CertificationOk, User, UserList, UserListEntry } from '../../../src/domain/api/users.js';
export type { Me, SignedInOk } from '../../../src/domain/api/session.js';
export type { Project, ProjectListEntry, ProjectPatch, ProjectStats } from '../../../src/domain/api/projects.js';
export type { ImportOk } from '../../../src/domain/api/tasks.js';
export type { Lease, SubmitAndNextResult, TutorTask } from '../../../src/domain/api/work.js';
export type { ExportFormat, ExportSummary } from '../../../src/domain/api/export.js';

/** Rubric versions of an authoring project and their revision (manager). Shapes are the server's schemas, types only. */
import type { RubricList, RubricRevision } from '../../../src/domain/api/rubrics.js';
import { request } from './client.js';

export type RubricVersion = RubricList['rubrics'][number];
export type { RubricRevision };

export const rubricsApi = {
  list: (projectId: string | number) => request<RubricList>(`/api/projects/${projectId}/rubrics`),
  revise: (projectId: string | number, item: string, reason: string) =>
    request<RubricRevision>(`/api/projects/${projectId}/rubric-revisions`, { method: 'POST', body: { item, reason }, idempotent: true }),
};

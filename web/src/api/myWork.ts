/** A tutor's own work: past submissions (paged) and progress per project (src/domain/api/myWork.ts, types only). */
import { request } from './client.js';
import type { TaskTyped } from '../../../src/domain/api/common.js';
import type { MyProgress, Submission as ApiSubmission, SubmissionPage } from '../../../src/domain/api/myWork.js';

export type { MyProgress, ProjectProgress } from '../../../src/domain/api/myWork.js';
/** One submission, its payload typed by its task type. */
export type Submission = TaskTyped<ApiSubmission>;

export const myWorkApi = {
  submissions: async (query: { project?: number; cursor?: string | null; limit?: number }) => {
    const params = new URLSearchParams();
    if (query.project !== undefined) params.set('project', String(query.project));
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    const page = await request<SubmissionPage>(`/api/me/submissions${qs ? `?${qs}` : ''}`);
    return page as Omit<SubmissionPage, 'submissions'> & { submissions: Submission[] };
  },
  progress: () => request<MyProgress>('/api/me/progress'),
};

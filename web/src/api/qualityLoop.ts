/**
 * The quality loop's API: practice, exams, "my quality", notifications, the review queue, flags and
 * review feedback. Shapes are the server's schemas (src/domain/api/{practice,exams,me,reviews}.ts),
 * types only; everything goes through `request`, so errors arrive as ApiError like the rest of the app.
 */
import { request } from './client.js';
import type { TaskTyped } from '../../../src/domain/api/common.js';
import type { ExamResult, ExamStart as ApiExamStart, Question as ApiQuestion } from '../../../src/domain/api/exams.js';
import type { MarkReadResult, MyQuality, NotificationList } from '../../../src/domain/api/me.js';
import type { PracticeFeedback, PracticeOverview, PracticeQuestion } from '../../../src/domain/api/practice.js';
import type {
  FeedbackItem,
  FeedbackPage,
  FlagResult,
  QueuePage,
  ReviewItem as ApiReviewItem,
  VerdictResult,
} from '../../../src/domain/api/reviews.js';

export type { ExamResult, QuestionRules } from '../../../src/domain/api/exams.js';
export type { DomainQuality, MyCertification, MyQuality, Notification } from '../../../src/domain/api/me.js';
export type { Interval, PracticeDomain, PracticeFeedback, PracticeOverview } from '../../../src/domain/api/practice.js';
export type { ReviewAnnotation, ReviewConsensus, ReviewReason } from '../../../src/domain/api/reviews.js';

/** A practice or exam question, its payload typed by its task type. */
export type Question = TaskTyped<ApiQuestion>;
export type ExamStart = Omit<ApiExamStart, 'questions'> & { questions: Question[] };
/** One item of `GET /api/reviews`, its task's payload typed by the task type. */
export type ReviewItem = Omit<ApiReviewItem, 'task'> & { task: TaskTyped<ApiReviewItem['task']> };
/** One item of `GET /api/me/feedback`. */
export type ReviewFeedback = TaskTyped<FeedbackItem>;

const enc = (v: string | number) => encodeURIComponent(String(v));

export const qualityApi = {
  practice: () => request<PracticeOverview>('/api/practice'),
  /** The next practice question in a domain (404 when the domain has no practice bank). */
  practiceNext: async (domain: string) =>
    (await request<PracticeQuestion>(`/api/practice/${enc(domain)}/next`, { method: 'POST' })).question as Question,
  practiceAnswer: (taskId: number, response: Record<string, unknown>) =>
    request<PracticeFeedback>('/api/practice/answers', { method: 'POST', body: { taskId, response } }),

  startExam: (examId: number) => request<ExamStart>(`/api/exams/${enc(examId)}/attempts`, { method: 'POST' }),
  submitExam: (attemptId: number, answers: Record<string, unknown>[]) =>
    request<ExamResult>(`/api/exam-attempts/${enc(attemptId)}/submit`, { method: 'POST', body: { answers } }),

  myQuality: () => request<MyQuality>('/api/me/quality'),
  notifications: () => request<NotificationList>('/api/me/notifications'),
  markRead: (upToId: number) => request<MarkReadResult>('/api/me/notifications/read', { method: 'POST', body: { upToId } }),
  myFeedback: () => request<Omit<FeedbackPage, 'feedback'> & { feedback: ReviewFeedback[] }>('/api/me/feedback'),

  reviews: (q: { projectId?: number; state?: 'open' | 'decided'; limit?: number; after?: number } = {}) => {
    const p = new URLSearchParams();
    p.set('limit', String(q.limit ?? 200));
    if (q.after) p.set('after', String(q.after));
    if (q.projectId !== undefined) p.set('projectId', String(q.projectId));
    if (q.state) p.set('state', q.state);
    return request<Omit<QueuePage, 'reviews'> & { reviews: ReviewItem[] }>(`/api/reviews?${p.toString()}`);
  },
  /** `durationMs`: how long the item was open, for pricing the review (the server caps it at 24 h). */
  verdict: (reviewId: number, verdict: Record<string, unknown>, comment: string, durationMs?: number) =>
    request<VerdictResult>(`/api/reviews/${enc(reviewId)}/verdict`, {
      method: 'POST',
      body: { verdict, comment, durationMs },
      idempotent: true,
    }),
  flag: (assignmentId: number | string, note: string) =>
    request<FlagResult>(`/api/assignments/${enc(assignmentId)}/flag`, { method: 'POST', body: { note }, idempotent: true }),
};

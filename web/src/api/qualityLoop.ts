/**
 * The quality loop's API: practice, exams, "my quality", notifications, the review queue, flags and
 * review feedback. Shapes follow the server's zod schemas in src/server/routes/{practice,exams,me,reviews}.ts;
 * everything goes through `request`, so errors arrive as ApiError like the rest of the app.
 */
import { request } from './client.js';
import type { Project, RubricAxis, TaskPayload, TaskType } from './types.js';

const enc = (v: string | number) => encodeURIComponent(String(v));

/** A Wilson score interval (95%) around a proportion; all three are 0..1. */
export interface Interval {
  estimate: number | null;
  lower: number;
  upper: number;
}

/** The parts of a project a renderer needs to show a question (label set, rubric, …). */
export type QuestionRules = Partial<Pick<Project, 'labels' | 'multiLabel' | 'rubric' | 'requireRationale' | 'instructions' | 'name'>> & {
  rubric?: RubricAxis[];
};

/** A practice or exam question: the tutor-task shape (no gold, no marker), plus the rules it is answered under. */
export interface Question {
  taskId: number;
  type: TaskType;
  domain: string;
  payload: TaskPayload;
  /** Label set / rubric of the bank the question comes from, when the type needs them. */
  project?: QuestionRules;
}

// ── practice ────────────────────────────────────────────────────────────────────────────

export interface PracticeExam {
  id: number;
  name: string;
  questionCount: number;
  /** Share of questions to get right, 0..1. */
  passMark: number;
  cooldownHours: number;
  version: number;
}

export interface PracticeDomain {
  domain: string;
  /** Gold questions in this domain's practice banks. */
  bankSize: number;
  answered: number;
  correct: number;
  /** Accuracy over the last `window` practice answers, with its Wilson interval. */
  recent: Interval & { window: number; answered: number; correct: number };
  exam: PracticeExam | null;
  /** Recent accuracy ≥ the pass mark over enough recent answers (the server decides; the UI only shows it). */
  ready: boolean;
  /** When the cool-down after a failed attempt ends; null when the exam may be taken now (or there is none). */
  nextAttemptAt: string | null;
  /** Holds an active certification in this domain (the exam answers 409). */
  certified: boolean;
}

export interface PracticeOverview {
  domains: PracticeDomain[];
}

export interface PracticeFeedback {
  correct: boolean;
  /** 0..1 (partial credit for rankings, ratings, steps). */
  score: number;
  /** The practice bank's own answer, in the task type's response shape. */
  expected: Record<string, unknown>;
  explanation: string | null;
}

// ── exams ───────────────────────────────────────────────────────────────────────────────

export interface ExamStart {
  attempt: { id: number; examVersion: number; examId?: number; startedAt?: string };
  exam?: PracticeExam & { domain?: string };
  questions: Question[];
}

export interface ExamResult {
  score: number;
  passed: boolean;
  correct?: number;
  total?: number;
  passMark?: number;
  certification?: { domain: string; level: number } | null;
  nextAttemptAt?: string | null;
}

// ── me ──────────────────────────────────────────────────────────────────────────────────

export interface DomainQuality {
  domain: string;
  goldTotal: number;
  goldCorrect: number;
  accuracy: Interval;
  /** The strictest suspension threshold among active production projects in the domain; null when none sets one. */
  threshold: number | null;
}

export interface MyCertification {
  domain: string;
  level: number;
  source: 'granted' | 'exam';
  /** `"<examId>@v<version>"` for exam certifications. */
  examId: string | null;
  score: number | null;
  grantedAt: string;
  /** Suspended by live gold accuracy, or revoked by a manager. */
  status: 'active' | 'suspended' | 'revoked';
  /** When it was suspended or revoked. */
  revokedAt: string | null;
  reason: string | null;
}

export interface MyQuality {
  gold: DomainQuality[];
  certifications: MyCertification[];
  practice: PracticeDomain[];
}

export interface Notification {
  id: number;
  /** `certification.suspended`, `review.verdict`, `exam.result`, … */
  kind: string;
  message: string;
  detail: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

// ── reviews ─────────────────────────────────────────────────────────────────────────────

export type ReviewReason = 'low_confidence' | 'disagreement' | 'flagged';

export interface ReviewAnnotation {
  annotationId: number;
  /** Pseudonymous tutor id (stable, never the name or email). */
  tutor: string;
  tier: string;
  response: Record<string, unknown>;
  durationMs: number;
  createdAt: string;
  /** This is the annotation a tutor flagged. */
  flagged: boolean;
}

export interface ReviewConsensus {
  label: Record<string, unknown>;
  confidence: number;
  method: string;
  methodVersion: string;
  source: 'model' | 'review';
  annotatorCount: number;
  reviewId: number | null;
}

/** One item of `GET /api/reviews` (src/server/routes/reviews.ts, ReviewItem). */
export interface ReviewItem {
  id: number;
  reason: ReviewReason;
  state: 'open' | 'decided';
  note: string | null;
  /** Pseudonymous id of the tutor who flagged. */
  flaggedBy: string | null;
  annotationId: number | null;
  createdAt: string;
  decidedAt: string | null;
  reviewerId: number | null;
  verdict: Record<string, unknown> | null;
  comment: string | null;
  projectId: number;
  projectName: string;
  /** The label set / rubric the verdict renderer needs. */
  project: QuestionRules & { id: number; name: string; type: TaskType };
  task: { id: number; externalId: string; type: TaskType; domain: string; payload: TaskPayload; isGold?: boolean; gold?: Record<string, unknown> };
  annotations: ReviewAnnotation[];
  consensus: ReviewConsensus | null;
}

/** One item of `GET /api/me/feedback`. */
export interface ReviewFeedback {
  reviewId: number;
  taskId: number;
  projectId: number;
  projectName: string;
  type: TaskType;
  domain: string;
  payload: TaskPayload;
  /** What I answered; null if I flagged without answering. */
  mine: Record<string, unknown> | null;
  verdict: Record<string, unknown>;
  comment: string | null;
  /** My answer agrees with the verdict; null when it cannot be compared. */
  matched: boolean | null;
  decidedAt: string;
}

export const qualityApi = {
  practice: () => request<PracticeOverview>('/api/practice'),
  /** The next practice question in a domain; null when the bank is exhausted (204). */
  practiceNext: async (domain: string) =>
    (await request<Question | { question: Question } | undefined>(`/api/practice/${enc(domain)}/next`, { method: 'POST' })) ?? null,
  practiceAnswer: (taskId: number, response: Record<string, unknown>) =>
    request<PracticeFeedback>('/api/practice/answers', { method: 'POST', body: { taskId, response } }),

  startExam: (examId: number) => request<ExamStart>(`/api/exams/${enc(examId)}/attempts`, { method: 'POST' }),
  submitExam: (attemptId: number, answers: Record<string, unknown>[]) =>
    request<ExamResult>(`/api/exam-attempts/${enc(attemptId)}/submit`, { method: 'POST', body: { answers } }),

  myQuality: () => request<MyQuality>('/api/me/quality'),
  notifications: () => request<{ notifications: Notification[]; unread?: number }>('/api/me/notifications'),
  markRead: (upToId: number) => request<unknown>('/api/me/notifications/read', { method: 'POST', body: { upToId } }),
  myFeedback: () => request<{ feedback: ReviewFeedback[]; nextBefore: number | null }>('/api/me/feedback'),

  reviews: (q: { projectId?: number; state?: 'open' | 'decided'; limit?: number } = {}) => {
    const p = new URLSearchParams();
    p.set('limit', String(q.limit ?? 200));
    if (q.projectId !== undefined) p.set('projectId', String(q.projectId));
    if (q.state) p.set('state', q.state);
    return request<{ reviews: ReviewItem[]; nextAfter: number | null }>(`/api/reviews?${p.toString()}`);
  },
  /** `durationMs`: how long the item was open, for pricing the review (the server caps it at 24 h). */
  verdict: (reviewId: number, verdict: Record<string, unknown>, comment: string, durationMs?: number) =>
    request<{ reviewId: number; taskId: number; decidedAt: string; closedReviewIds: number[]; overturned: boolean | null; notified: number }>(`/api/reviews/${enc(reviewId)}/verdict`, { method: 'POST', body: { verdict, comment, durationMs }, idempotent: true }),
  flag: (assignmentId: number | string, note: string) =>
    request<{ reviewId: number; created: boolean }>(`/api/assignments/${enc(assignmentId)}/flag`, { method: 'POST', body: { note }, idempotent: true }),
};

/** Unwrap `{question}` or a bare question, whichever the server sends. */
export function questionOf(x: Question | { question: Question } | null): Question | null {
  if (!x) return null;
  return 'question' in x ? x.question : x;
}

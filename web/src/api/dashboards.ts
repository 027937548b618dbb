/**
 * The manager dashboards' reads. Quality and economics shapes come from the server's services (types
 * only, nothing of the server reaches the bundle). The review-queue summary and the certification
 * events belong to other parts of the quality loop: until their routes exist the server answers 404,
 * and these calls resolve to `null` so the panel can say "not available yet".
 */
import { ApiError, request } from './client.js';
import type { ProjectEconomicsView, ProjectQuality } from '../../../src/services/dashboards/index.js';

export type {
  AgreementRow, ConsensusGroup, ConsensusSummary, GoldAccuracy, Measure, ProjectEconomicsView, ProjectQuality, TierDomainRow, TutorGold, TutorRow, Wilson,
} from '../../../src/services/dashboards/index.js';
export type { DomainComparison, Difference, Metric, TierStats } from '../../../src/economics/tierComparison.js';

export type ReviewReason = 'low_confidence' | 'disagreement' | 'flagged';
export type ReasonCounts = Record<ReviewReason, number> & { total: number };

/** GET /api/projects/:id/reviews/summary (src/server/routes/reviews.ts). */
export interface ReviewSummary {
  projectId: number;
  open: ReasonCounts;
  decided: ReasonCounts;
  medianDecisionMs: number | null;
  verdicts: number;
  withModelConsensus: number;
  overturned: number;
  overturnShare: number | null;
}

/** One UTC day × domain of GET /api/certifications/events (src/server/routes/exams.ts). */
export interface CertificationDay {
  day: string;
  domain: string;
  grantedByManager: number;
  grantedByExam: number;
  suspended: number;
  revoked: number;
}

const enc = (id: number | string) => encodeURIComponent(String(id));

/** `null` when the route answers 404 (not built yet, or nothing there); other errors are thrown. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** The per-day rows of the events answer (`{since, days: [...]}`), with missing counts as 0. */
export function certificationDays(body: unknown): CertificationDay[] {
  const list = body && typeof body === 'object' ? (body as { days?: unknown }).days : null;
  if (!Array.isArray(list)) return [];
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return list.flatMap((r): CertificationDay[] => {
    if (!r || typeof r !== 'object') return [];
    const o = r as Record<string, unknown>;
    if (typeof o.day !== 'string') return [];
    return [{
      day: o.day.slice(0, 10), domain: typeof o.domain === 'string' ? o.domain : '—',
      grantedByManager: n(o.grantedByManager), grantedByExam: n(o.grantedByExam), suspended: n(o.suspended), revoked: n(o.revoked),
    }];
  });
}

export const dashboards = {
  quality: (id: number | string) => request<ProjectQuality>(`/api/projects/${enc(id)}/quality`),
  economics: (id: number | string) => request<ProjectEconomicsView>(`/api/projects/${enc(id)}/economics`),
  reviewSummary: (id: number | string) => orNull(request<ReviewSummary>(`/api/projects/${enc(id)}/reviews/summary`)),
  certificationEvents: async (days = 90) => {
    const body = await orNull(request<unknown>(`/api/certifications/events?days=${days}`));
    return body === null ? null : certificationDays(body);
  },
};

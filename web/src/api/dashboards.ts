/**
 * The manager dashboards' reads: quality, economics, the review-queue summary and certification events.
 * Shapes are the server's schemas (src/domain/api/), types only.
 */
import { request } from './client.js';
import type { ProjectEconomicsView } from '../../../src/domain/api/economics.js';
import type { ProjectQuality } from '../../../src/domain/api/dashboards.js';
import type { CertificationEvents } from '../../../src/domain/api/exams.js';
import type { ReviewSummary } from '../../../src/domain/api/reviews.js';

export type {
  AgreementRow,
  ConsensusGroup,
  ConsensusSummary,
  GoldAccuracy,
  Measure,
  ProjectQuality,
  TutorGold,
  Wilson,
} from '../../../src/domain/api/dashboards.js';
export type {
  Difference,
  DomainComparison,
  Metric,
  ProjectEconomicsView,
  TierDomainRow,
  TierStats,
  TutorRow,
} from '../../../src/domain/api/economics.js';
export type { CertificationDay } from '../../../src/domain/api/exams.js';
export type { ReasonCounts, ReviewReason, ReviewSummary } from '../../../src/domain/api/reviews.js';

const enc = (id: number | string) => encodeURIComponent(String(id));

export const dashboards = {
  quality: (id: number | string) => request<ProjectQuality>(`/api/projects/${enc(id)}/quality`),
  economics: (id: number | string) => request<ProjectEconomicsView>(`/api/projects/${enc(id)}/economics`),
  reviewSummary: (id: number | string) => request<ReviewSummary>(`/api/projects/${enc(id)}/reviews/summary`),
  /** Per UTC day × domain with any event, over the last `days` days. */
  certificationEvents: async (days = 90) => (await request<CertificationEvents>(`/api/certifications/events?days=${days}`)).days,
};

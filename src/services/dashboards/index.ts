/** The manager dashboards' reads: a project's quality (agreement, gold, consensus) and economics. */
export { projectQuality, type ProjectQuality, type ConsensusSummary, type ConsensusGroup, LOW_CONFIDENCE, MAX_ANNOTATIONS } from './quality.js';
export { projectEconomicsView, type ProjectEconomicsView, type TierDomainRow, type TutorRow, TARGET_ACCURACY } from './economics.js';
export type { AgreementRow, Measure } from './agreement.js';
export type { GoldAccuracy, TutorGold, Wilson } from './goldAccuracy.js';

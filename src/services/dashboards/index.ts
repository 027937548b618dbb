/** The manager dashboards' reads: a project's quality (agreement, gold, consensus) and economics (shapes: src/domain/api/). */
export { projectQuality, MAX_ANNOTATIONS } from './quality.js';
export { projectEconomicsView, TARGET_ACCURACY } from './economics.js';

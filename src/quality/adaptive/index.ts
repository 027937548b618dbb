export { itemPosterior, type ItemPosterior, type Judgment } from './itemPosterior.js';
export { decideOverlap, type OverlapDecision, type OverlapPolicy } from './overlapPolicy.js';

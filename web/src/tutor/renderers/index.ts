import type { TaskType } from '../../api/types.js';
import { label } from './Label.js';
import { preference } from './Preference.js';
import { ranking } from './Ranking.js';
import { rating } from './Rating.js';
import { steps } from './Steps.js';
import { demonstration, rewrite } from './TextAnswer.js';
import type { RendererSpec } from './types.js';

/** One renderer per task type. */
export const RENDERERS: Record<TaskType, RendererSpec<any>> = {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  preference,
  ranking,
  rating,
  label,
  rewrite,
  demonstration,
  steps,
};

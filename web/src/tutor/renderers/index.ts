import type { TaskType } from '../../api/types.js';
import { label } from './Label.js';
import { preference } from './Preference.js';
import { ranking } from './Ranking.js';
import { rating } from './Rating.js';
import { steps } from './Steps.js';
import { rubric } from './Rubric.js';
import { demonstration, rewrite } from './TextAnswer.js';
import type { RendererSpec } from './types.js';
import { conversation } from './ConversationTask.js';

/** One renderer per task type. */
// biome-ignore lint/suspicious/noExplicitAny: each renderer has its own payload type; the table is indexed by the task's type
export const RENDERERS: Record<TaskType, RendererSpec<any>> = {
  preference,
  ranking,
  rating,
  label,
  rewrite,
  demonstration,
  steps,
  rubric,
  conversation,
};

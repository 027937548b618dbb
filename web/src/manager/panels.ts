/**
 * Room for the dashboards later issues add (quality, cost). Each adds an entry here: a path under
 * /manage, a title for the sub-navigation, and a component (lazy-load heavy ones).
 */
import type { ComponentType } from 'react';
import { CostPlaceholder, QualityPlaceholder } from './Placeholders.js';

export interface Panel {
  path: string;
  title: string;
  Component: ComponentType;
}

export const PANELS: Panel[] = [
  { path: '/manage/quality', title: 'Quality', Component: QualityPlaceholder },
  { path: '/manage/cost', title: 'Cost', Component: CostPlaceholder },
];

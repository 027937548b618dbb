/**
 * The dashboards beyond projects, progress and people: a path under /manage (a project id may
 * follow, e.g. /manage/quality/3), a title for the sub-navigation, and a lazily loaded component.
 */
import { lazy, type ComponentType } from 'react';

export interface Panel {
  path: string;
  title: string;
  Component: ComponentType;
}

export const PANELS: Panel[] = [
  { path: '/manage/quality', title: 'Quality', Component: lazy(() => import('./ProjectQualityPage.js')) },
  { path: '/manage/cost', title: 'Cost', Component: lazy(() => import('./CostPage.js')) },
  { path: '/manage/generate', title: 'Generate', Component: lazy(() => import('./GeneratePage.js')) },
];

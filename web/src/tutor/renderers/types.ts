import type { ComponentType } from 'react';
import type { Project, TaskType, TutorTask } from '../../api/types.js';
import type { Shortcut } from '../../components/Shortcuts.js';
import type { KeyHandler } from '../useKeys.js';

export interface RendererProps<D> {
  task: TutorTask;
  project: Project;
  value: D;
  onChange: (next: D) => void;
  /** The workspace's keys (submit, skip, rationale, escape); the renderer passes it to useKeys. */
  common: KeyHandler;
  /** Practice and exam feedback: the expected answer, which the renderer marks as the right one. */
  expected?: Record<string, unknown>;
}

/** Either the response to submit, or a sentence saying what is still missing. */
export type Built = { response: Record<string, unknown> } | { missing: string };

export interface RendererSpec<D> {
  type: TaskType;
  /** The empty answer for a fresh task. */
  initial(task: TutorTask, project: Project): D;
  build(value: D, task: TutorTask, project: Project): Built;
  shortcuts(task: TutorTask, project: Project): Shortcut[];
  /** Long free-text answers get a draft saved on every change; all types do, this only tunes the debounce. */
  longText?: boolean;
  Component: ComponentType<RendererProps<D>>;
}

/**
 * One question answered with the workspace's own renderer and keys: practice, exams and reviewer
 * verdicts all go through here. The caller decides what Ctrl+Enter does (check, save and go on,
 * record a verdict) and may add keys of its own; while `locked` the answer is shown but not editable.
 */
import { useRef, type ReactNode } from 'react';
import type { Project, TaskType, TutorTask } from '../../api/types.js';
import type { QuestionRules } from '../../api/qualityLoop.js';

/** The rules a question or a review item carries; a review item also names its project. */
type Rules = Partial<QuestionRules> & { name?: string };
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ShortcutList, type Shortcut } from '../../components/Shortcuts.js';
import { RENDERERS } from '../renderers/index.js';
import type { KeyHandler } from '../useKeys.js';

/** A project-shaped object for the renderers, from the rules a question carries. */
export function projectFor(type: TaskType, domain: string, rules: Rules | undefined): Project {
  return {
    id: 0,
    name: rules?.name ?? domain,
    type,
    domains: [domain],
    overlap: 1,
    goldRate: 0,
    eligibility: { tiers: ['generalist', 'specialist'], requireCertification: false },
    payPerTask: 0,
    instructions: rules?.instructions ?? '',
    rubric: rules?.rubric,
    labels: rules?.labels,
    multiLabel: Boolean(rules?.multiLabel),
    requireRationale: Boolean(rules?.requireRationale),
    leaseSeconds: 1800,
    purpose: 'practice',
    quality: { consensusMethod: 'mace', trustedReliability: 0.85 },
    status: 'active',
    createdAt: '',
  } as Project;
}

export type Draft = Record<string, unknown>;

export function initialDraft(task: TutorTask, project: Project): Draft {
  return (RENDERERS[task.type]?.initial(task, project) ?? {}) as Draft;
}

/** Build the response from a draft: the response, or the sentence saying what is missing. */
export function buildResponse(
  task: TutorTask,
  project: Project,
  value: Draft,
): { response: Record<string, unknown> } | { missing: string } {
  const spec = RENDERERS[task.type];
  if (!spec) return { missing: `This question has a type the app does not know ("${task.type}").` };
  const built = spec.build(value, task, project);
  if ('missing' in built) return built;
  const rationale = typeof value.rationale === 'string' ? value.rationale.trim() : '';
  if (project.requireRationale && !rationale)
    return { missing: 'This question asks for a rationale: say briefly why (press R to write it).' };
  return rationale ? { response: { ...built.response, rationale } } : built;
}

interface Props {
  task: TutorTask;
  project: Project;
  value: Draft;
  onChange: (next: Draft) => void;
  /** Ctrl+Enter. */
  onPrimary: () => void;
  /** Keys of the page (tried after Ctrl+Enter and Esc); return true when handled. */
  keys?: KeyHandler;
  /** Shortcuts of the page, listed after the renderer's. */
  shortcuts?: Shortcut[];
  /** The answer is final: shown, not editable, and the renderer's keys change nothing. */
  locked?: boolean;
  /** Above the renderer (e.g. "Question 3 / 10"). */
  header?: ReactNode;
  /** Feedback on a checked answer: the given answer is marked right or wrong, the expected one is highlighted. */
  result?: { correct: boolean; expected: Record<string, unknown> };
}

export function QuestionView({ task, project, value, onChange, onPrimary, keys, shortcuts = [], locked, header, result }: Props) {
  const spec = RENDERERS[task.type];
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const askRationale = Boolean(project.requireRationale);
  if (!spec) {
    return (
      <ErrorMessage error={new Error(`This question has a type the app does not know ("${task.type}").`)} doing="show this question" />
    );
  }
  const common: KeyHandler = (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      onPrimary();
      return true;
    }
    if (e.key === 'Escape') {
      (document.activeElement as HTMLElement | null)?.blur?.();
      return true;
    }
    if (keys?.(e)) return true;
    if ((e.key === 'r' || e.key === 'R') && askRationale && !locked) {
      rationaleRef.current?.focus();
      return true;
    }
    // Locked: swallow the renderer's keys so the shown answer cannot change.
    return Boolean(locked) && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1 && e.key !== ' ';
  };
  const list: Shortcut[] = [
    ...(locked ? [] : spec.shortcuts(task, project)),
    ...(askRationale && !locked ? [{ keys: ['R'], label: 'Rationale' }] : []),
    ...shortcuts,
    { keys: ['Esc'], label: 'Leave text field' },
  ];
  const Renderer = spec.Component;
  return (
    <div className="task question" data-task-id={String(task.id)} data-task-type={task.type}>
      {header}
      <ShortcutList shortcuts={list} />
      <fieldset
        className={`question-lock ${result ? (result.correct ? 'result-right' : 'result-wrong') : ''}`}
        disabled={locked}
        aria-label={locked ? `Your answer (final${result ? (result.correct ? ', correct' : ', not correct') : ''})` : undefined}
      >
        <Renderer
          task={task}
          project={project}
          value={value}
          onChange={locked ? () => {} : onChange}
          common={common}
          expected={result?.expected}
        />
        {askRationale && (
          <div className="rationale">
            <label htmlFor={`q-rationale-${task.id}`}>
              Rationale <span className="required">(required)</span> <kbd>R</kbd>
            </label>
            <textarea
              id={`q-rationale-${task.id}`}
              ref={rationaleRef}
              rows={3}
              required
              value={typeof value.rationale === 'string' ? value.rationale : ''}
              onChange={(e) => onChange({ ...value, rationale: e.target.value })}
            />
          </div>
        )}
      </fieldset>
    </div>
  );
}

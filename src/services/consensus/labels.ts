/**
 * Categorical consensus plumbing shared by the batch and the incremental path (pure): which task types
 * have a class answer, the classes a task may take, and a class back into the response shape.
 */
import { categoricalLabel } from '../../domain/answers.js';
import type { ProjectConfig } from '../../domain/projects.js';
import { type ConversationVotes, conversationConsensus } from '../../quality/consensus/conversation.js';
import { rankingConsensus, ratingConsensus, stepsConsensus, type FreeFormConsensus } from '../../quality/consensus/freeForm.js';
import { rubricGradeConsensus } from '../../quality/rubric/rubricScore.js';
import { judgmentAgreement, shareOfMostCommon } from '../../quality/sameAnswer.js';

/** Bumped when a method's stored output would change for the same input. */
export const METHOD_REVISION = 1;
/** The incremental path's model: one-coin posterior on the last batch's reliabilities. */
export const INCREMENTAL_MODEL = 'one-coin/1 incremental';

export const isCategorical = (type: string) => type === 'preference' || type === 'label';
export const hasConsensus = (type: string) => type !== 'rewrite' && type !== 'demonstration';

/**
 * The classes a task may take: a preference's response ids and "tie" (the response schema allows
 * both); a single-label project's label set; a multi-label project's single labels (the prior's width;
 * combinations seen are added by the model as they appear).
 */
export function taskClasses(config: ProjectConfig, payload: { responses?: { id: string }[] }): string[] {
  if (config.type === 'preference') return [...(payload.responses ?? []).map((r) => r.id), 'tie'];
  if (config.type === 'label') return [...(config.labels ?? [])];
  return [];
}

/** The class of a response JSON, or null. */
export function classOf(type: string, responseJson: string): string | null {
  return categoricalLabel(type, JSON.parse(responseJson) as Record<string, unknown>);
}

/** A class back in the response shape ({"choice"} / {"labels"}); label sets come from a response that gave it. */
export function classAsResponse(type: string, cls: string, labelsSeen?: ReadonlyMap<string, string[]>): Record<string, unknown> {
  if (type === 'preference') return { choice: cls };
  return { labels: labelsSeen?.get(cls) ?? cls.split('+') };
}

/** Consensus of a free-form (non-categorical) task from its responses. */
export function freeFormConsensus(
  type: string,
  responses: string[],
  payload: { responses?: { id: string }[]; messages?: { alternatives?: { id: string }[] }[] },
): FreeFormConsensus | null {
  const parsed = responses.map((r) => JSON.parse(r) as Record<string, unknown>);
  if (type === 'conversation') return conversationConsensus(parsed as unknown as ConversationVotes[], branchesOf(payload.messages ?? []));
  if (type === 'rating') return ratingConsensus(parsed as { scores: Record<string, number> }[]);
  if (type === 'steps') return stepsConsensus(parsed as { verdicts: string[] }[]);
  if (type === 'ranking')
    return rankingConsensus(
      parsed as { order: string[] }[],
      (payload.responses ?? []).map((r) => r.id),
    );
  if (type === 'rubric') return rubricGradeConsensus(parsed, payload as Parameters<typeof rubricGradeConsensus>[1]);
  return null;
}

/** A free-form task's agreement from its responses' JSON (categorical types count their classes instead). */
export const freeFormAgreement = (type: string, responses: readonly string[]): number =>
  judgmentAgreement(
    type,
    responses.map((r) => JSON.parse(r) as Record<string, unknown>),
  ) ?? 0;

/** A conversation's branches: turn index → reply ids. */
export const branchesOf = (messages: readonly { alternatives?: { id: string }[] }[]): Map<number, string[]> =>
  new Map(messages.flatMap((m, i) => (m.alternatives ? [[i, m.alternatives.map((a) => a.id)] as const] : [])));

/** Share of the most common class among the labels (≤ 0.5 = a split). */
export const topShare = (labels: readonly string[]): number => shareOfMostCommon(labels);

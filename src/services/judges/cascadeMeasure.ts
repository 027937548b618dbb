/**
 * The cascade against each tier alone on a real project (economics/cascadeVsTiers.ts): the judgments
 * measureTiers has read (priced: people at their pay, judges at their model calls), each production
 * task's final stored consensus, each tutor's stored reliability in the domain (the weights the live
 * cascade used), and each task's classes.
 */
import { categoricalLabel } from '../../domain/answers.js';
import { compareCascadeWithTiers, type CascadeComparison, type CascadeJudgmentFact } from '../../economics/cascadeVsTiers.js';
import { UNKNOWN_ACCURACY } from '../../quality/reliability/blend.js';
import { cascadeRule } from '../../routing/cascade.js';
import { storedReliabilities } from '../../store/repositories/economics.js';
import { routingOverlap, type ProjectRecord } from '../../store/repositories/projects.js';
import { taskPayloads } from '../../store/repositories/tasks.js';
import type { ServiceContext } from '../context.js';
import { taskClasses } from '../consensus/labels.js';

export interface CascadeRowFact extends CascadeJudgmentFact {
  gold: string | null;
  /** The task's stored consensus (JSON in the response shape) and its confidence; null when none. */
  consensus: unknown;
  confidence: number | null;
}

const PAGE = 500;

export async function measureCascade(
  ctx: ServiceContext,
  project: ProjectRecord,
  facts: readonly CascadeRowFact[],
  targetConfidence: number,
): Promise<CascadeComparison | null> {
  const config = project.config;
  if (!config.cascade) return null;
  const gold = new Map<string, string>();
  const consensus = new Map<string, { label: string; confidence: number }>();
  for (const f of facts) {
    if (f.gold !== null) gold.set(f.task, f.gold);
    else if (f.consensus !== null && f.confidence !== null) {
      const json = typeof f.consensus === 'string' ? (JSON.parse(f.consensus) as unknown) : f.consensus;
      const label = json !== null && typeof json === 'object' ? categoricalLabel(config.type, json as Record<string, unknown>) : null;
      if (label !== null) consensus.set(f.task, { label, confidence: f.confidence });
    }
  }
  const classes = new Map<string, string[]>();
  const ids = [...new Set(facts.map((f) => Number(f.task)))];
  for (let i = 0; i < ids.length; i += PAGE)
    for (const t of await taskPayloads(ctx.store.db, ids.slice(i, i + PAGE)))
      classes.set(String(t.id), taskClasses(config, JSON.parse(t.payload) as { responses?: { id: string }[] }));
  const reliability = await storedReliabilities(ctx.store.db, config.domains);
  return compareCascadeWithTiers({
    rule: cascadeRule(config.cascade, routingOverlap(config)),
    judgments: facts,
    gold,
    consensus,
    classesOf: (task) => classes.get(task) ?? [],
    accuracyOf: (worker, domain) => reliability.get(`${worker}@${domain}`) ?? UNKNOWN_ACCURACY,
    targetConfidence,
  });
}

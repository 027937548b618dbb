/**
 * A project's quality at a glance (GET /api/projects/:id/quality): agreement per project and per
 * domain (agreement.ts) over the current annotations of its production tasks — gold tasks are left
 * out, they are measured against their answers instead —, gold accuracy per tutor with Wilson
 * intervals (goldAccuracy.ts), and a summary of the stored consensus (from its rollups, migration 040).
 * Annotations are read a page of TASK_PAGE tasks at a time. A project with more than MAX_ANNOTATIONS of them is
 * measured on a fixed sample of whole items (by task id, so every rating of a sampled item is in), and `sampledShare` says which share of items that is.
 */
import { refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { getProject } from '../projects/queries.js';
import type { ServiceContext } from '../context.js';
import { AgreementCollector } from './agreement.js';
import type { ConsensusGroup, ConsensusSummary, ProjectQuality } from '../../domain/api/dashboards.js';
import { agreementFields, ratingsOf } from '../../quality/agreement/responseRatings.js';
import { goldAccuracyByTutor } from './goldAccuracy.js';
import { CONSENSUS_LOW_CONFIDENCE } from '../../domain/quality.js';
import {
  agreementPages,
  consensusCounts,
  consensusMethods,
  productionAnnotationCount,
  productionTaskCounts,
  SAMPLE_MOD,
} from '../../store/repositories/dashboards.js';

/** Tasks per page of the agreement pass (their annotations come with them). */
const TASK_PAGE = 500;
export const MAX_ANNOTATIONS = 50_000;
const SEED = 1;

function parse(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function agreementOf(
  ctx: ServiceContext,
  projectId: number,
  type: string,
  axes: string[],
  max: number,
): Promise<ProjectQuality['agreement']> {
  const collector = new AgreementCollector(agreementFields(type, axes));
  if (!collector.measurable) {
    return {
      note: `${type} answers are free text: agreement is not measured for them`,
      annotations: 0,
      sampledShare: null,
      seed: SEED,
      rows: [],
    };
  }
  const total = await productionAnnotationCount(ctx.store.db, projectId);
  const keep = total > max ? Math.max(1, Math.floor((SAMPLE_MOD * max) / total)) : SAMPLE_MOD;
  let seen = 0;
  for await (const rows of agreementPages(ctx.store.db, projectId, TASK_PAGE, keep)) {
    for (const r of rows) {
      collector.add(r.taskId, r.domain, r.userId, ratingsOf(type, parse(r.response)));
      seen++;
    }
  }
  return {
    note: null,
    annotations: seen,
    sampledShare: keep < SAMPLE_MOD ? keep / SAMPLE_MOD : null,
    seed: SEED,
    rows: collector.summarise(SEED),
  };
}

function group(domain: string | null, tasks: number, n: number, confSum: number, below: number, byReview: number): ConsensusGroup {
  return {
    domain,
    tasks,
    withConsensus: n,
    meanConfidence: n > 0 ? confSum / n : null,
    shareBelow: n > 0 ? below / n : null,
    shareByReview: n > 0 ? byReview / n : null,
  };
}

async function consensusOf(ctx: ServiceContext, projectId: number): Promise<ConsensusSummary> {
  const [counts, methods, taskCounts] = await Promise.all([
    consensusCounts(ctx.store.db, projectId),
    consensusMethods(ctx.store.db, projectId),
    productionTaskCounts(ctx.store.db, projectId),
  ]);
  const domains = [...new Set([...taskCounts.keys(), ...counts.map((c) => c.domain)])].sort();
  const byDomain = domains.map((d) => {
    const c = counts.find((x) => x.domain === d);
    return group(d, taskCounts.get(d) ?? 0, c?.tasks ?? 0, c?.confidenceSum ?? 0, c?.below ?? 0, c?.byReview ?? 0);
  });
  const sum = (f: (c: (typeof counts)[number]) => number) => counts.reduce((s, c) => s + f(c), 0);
  const project = group(
    null,
    [...taskCounts.values()].reduce((s, n) => s + n, 0),
    sum((c) => c.tasks),
    sum((c) => c.confidenceSum),
    sum((c) => c.below),
    sum((c) => c.byReview),
  );
  const available = project.withConsensus > 0;
  return {
    available,
    note: available ? null : 'no consensus stored for this project yet (it is computed as judgments arrive)',
    threshold: CONSENSUS_LOW_CONFIDENCE,
    methods,
    project,
    byDomain,
  };
}

/** `maxAnnotations`: above this many, agreement is measured on a sample of items (default MAX_ANNOTATIONS). */
export async function projectQuality(
  ctx: ServiceContext,
  projectId: number,
  options: { maxAnnotations?: number } = {},
): Promise<ProjectQuality> {
  const project = await getProject(ctx, projectId);
  const axes = (project.rubric ?? []).map((a) => a.name);
  // The three parts at once: on PostgreSQL the gold and consensus reads run while agreement is measured here.
  const [agreement, gold, consensus] = await Promise.all([
    agreementOf(ctx, projectId, project.type, axes, options.maxAnnotations ?? MAX_ANNOTATIONS),
    goldAccuracyByTutor(ctx, projectId, project.type),
    // Projects without live consensus form it in batches: bring it up to date before summarising it.
    refreshConsensusIfStale(ctx, projectId).then(() => consensusOf(ctx, projectId)),
  ]);
  return { project: { id: project.id, name: project.name, type: project.type, domains: project.domains }, agreement, gold, consensus };
}

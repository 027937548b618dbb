/**
 * A project's quality at a glance (GET /api/projects/:id/quality): agreement per project and per
 * domain (agreement.ts) over the current annotations of its production tasks — gold tasks are left
 * out, they are measured against their answers instead —, gold accuracy per tutor with Wilson
 * intervals (goldAccuracy.ts), and a summary of the stored consensus (`task_consensus`).
 * Annotations are read in pages of PAGE rows, at most MAX_ANNOTATIONS of them (the oldest first);
 * beyond that the agreement is over that many and `truncated` says so.
 */
import { getProject } from '../projects/queries.js';
import { economicsPage } from '../../store/repositories/economics.js';
import type { ServiceContext } from '../context.js';
import { AgreementCollector, type AgreementRow } from './agreement.js';
import { agreementFields, ratingsOf } from './agreementRatings.js';
import { goldAccuracyByTutor, type GoldAccuracy } from './goldAccuracy.js';
import { consensusCounts, consensusMethods, productionTaskCounts } from './queries.js';

const PAGE = 2000;
export const MAX_ANNOTATIONS = 200_000;
/** A consensus below this confidence counts as "low" in the summary. */
export const LOW_CONFIDENCE = 0.8;
const SEED = 1;

export interface ConsensusGroup {
  domain: string | null;
  /** Production tasks (not gold). */
  tasks: number;
  withConsensus: number;
  meanConfidence: number | null;
  /** Share of tasks with consensus whose confidence is below LOW_CONFIDENCE. */
  shareBelow: number | null;
  /** Share of tasks with consensus whose consensus a reviewer decided. */
  shareByReview: number | null;
}

export interface ConsensusSummary {
  available: boolean;
  note: string | null;
  threshold: number;
  methods: string[];
  project: ConsensusGroup;
  byDomain: ConsensusGroup[];
}

export interface ProjectQuality {
  project: { id: number; name: string; type: string; domains: string[] };
  agreement: {
    /** Why nothing is measured (free-text task types), else null. */
    note: string | null;
    annotations: number;
    truncated: boolean;
    seed: number;
    rows: AgreementRow[];
  };
  gold: GoldAccuracy;
  consensus: ConsensusSummary;
}

function parse(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function agreementOf(ctx: ServiceContext, projectId: number, type: string, axes: string[]): Promise<ProjectQuality['agreement']> {
  const collector = new AgreementCollector(agreementFields(type, axes));
  if (!collector.measurable) {
    return { note: `${type} answers are free text: agreement is not measured for them`, annotations: 0, truncated: false, seed: SEED, rows: [] };
  }
  let after = 0, seen = 0, truncated = false;
  for (;;) {
    const rows = await economicsPage(ctx.store.db, projectId, after, PAGE);
    for (const r of rows) {
      if (Number(r.isGold) === 1) continue;
      collector.add(Number(r.taskId), r.domain, Number(r.userId), ratingsOf(type, parse(r.response)));
      seen++;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
    if (seen >= MAX_ANNOTATIONS) { truncated = true; break; }
  }
  return { note: null, annotations: seen, truncated, seed: SEED, rows: collector.summarise(SEED) };
}

function group(domain: string | null, tasks: number, n: number, confSum: number, below: number, byReview: number): ConsensusGroup {
  return {
    domain, tasks, withConsensus: n,
    meanConfidence: n > 0 ? confSum / n : null,
    shareBelow: n > 0 ? below / n : null,
    shareByReview: n > 0 ? byReview / n : null,
  };
}

async function consensusOf(ctx: ServiceContext, projectId: number): Promise<ConsensusSummary> {
  const [counts, methods, taskCounts] = await Promise.all([
    consensusCounts(ctx.store.db, projectId, LOW_CONFIDENCE), consensusMethods(ctx.store.db, projectId), productionTaskCounts(ctx.store.db, projectId),
  ]);
  const domains = [...new Set([...taskCounts.keys(), ...counts.map((c) => c.domain)])].sort();
  const byDomain = domains.map((d) => {
    const c = counts.find((x) => x.domain === d);
    return group(d, taskCounts.get(d) ?? 0, c?.tasks ?? 0, c?.confidenceSum ?? 0, c?.below ?? 0, c?.byReview ?? 0);
  });
  const sum = (f: (c: (typeof counts)[number]) => number) => counts.reduce((s, c) => s + f(c), 0);
  const project = group(null, [...taskCounts.values()].reduce((s, n) => s + n, 0), sum((c) => c.tasks), sum((c) => c.confidenceSum), sum((c) => c.below), sum((c) => c.byReview));
  const available = project.withConsensus > 0;
  return {
    available,
    note: available ? null : 'no consensus stored for this project yet (it is computed as judgments arrive)',
    threshold: LOW_CONFIDENCE,
    methods,
    project,
    byDomain,
  };
}

export async function projectQuality(ctx: ServiceContext, projectId: number): Promise<ProjectQuality> {
  const project = await getProject(ctx, projectId);
  const axes = (project.rubric ?? []).map((a) => a.name);
  const agreement = await agreementOf(ctx, projectId, project.type, axes);
  const gold = await goldAccuracyByTutor(ctx, projectId, project.type);
  const consensus = await consensusOf(ctx, projectId);
  return { project: { id: project.id, name: project.name, type: project.type, domains: project.domains }, agreement, gold, consensus };
}

/**
 * The rubric exports (docs/exports.md), shaped for rubric-based rewards in RL:
 * - `rubrics` (authoring project): one line per approved rubric version — prompt, criteria with
 *   weights and essential flags, the version and its author's tier.
 * - `rubric-grades` (grading project): one line per graded candidate response — the consensus verdict
 *   per criterion (majority; a reviewer's verdict wins) with its votes, agreement and quoted evidence,
 *   the score (quality/rubric/rubricScore.ts, essential cap included) and the graders' pseudonyms.
 * - `dpo` (grading project): every pair of a prompt's responses whose scores differ by at least the
 *   margin, the higher-scored one chosen.
 */
import type { DpoStyle } from '../../domain/api/export.js';
import type { Criterion, RubricPayload } from '../../domain/rubric.js';
import { agreementPerCriterion, consensusFor, type Grading, gradingOf, rubricScore } from '../../quality/rubric/rubricScore.js';
import { rubricVersionsPage, taskPayloadsByIds } from '../../store/repositories/rubrics.js';
import type { StoredConsensus } from '../../store/repositories/consensus.js';
import type { TaskAnnotation } from '../../store/repositories/annotations.js';
import type { Db } from '../../store/transaction.js';
import { pseudonym } from './annotations.js';
import { styled } from './dpo.js';
import { consensusMeta, EXPORT_PAGE, promptMessages, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

type GradePayload = Extract<RubricPayload, { stage: 'grade' }>;
type Grade = { response: string; verdicts: { criterion: string; met: boolean; evidence: string }[] };

/** The default least score difference for a rubric dpo pair. */
export const DEFAULT_RUBRIC_MARGIN = 0.2;

export async function* rubricRows(db: Db, projectId: number): AsyncGenerator<Row> {
  let after = 0;
  for (;;) {
    const versions = await rubricVersionsPage(db, projectId, after, EXPORT_PAGE);
    if (versions.length === 0) return;
    const payloads = await taskPayloadsByIds(
      db,
      versions.map((v) => v.task_id),
    );
    for (const v of versions) {
      if (v.status !== 'approved') continue;
      const payload = JSON.parse(payloads.get(v.task_id) ?? '{}') as RubricPayload;
      yield {
        item: v.item,
        version: v.version,
        domain: v.domain,
        prompt: promptMessages(payload),
        criteria: JSON.parse(v.criteria) as Criterion[],
        author_tier: v.author_tier,
        meta: { approvedAt: v.reviewed_at === null ? '' : new Date(v.reviewed_at).toISOString() },
        source_meta: sourceMeta(payload),
      };
    }
    after = versions[versions.length - 1].id;
  }
}

interface GradedTask {
  payload: GradePayload;
  gradings: Grading[];
  /** Consensus met per response → criterion (the stored one when present: a reviewer's verdict wins). */
  consensus: Map<string, Map<string, boolean>>;
  scores: Map<string, number>;
}

function graded(payloadJson: string, annotations: TaskAnnotation[], stored: StoredConsensus | undefined): GradedTask | null {
  const payload = JSON.parse(payloadJson) as RubricPayload;
  if (payload.stage !== 'grade') return null;
  const gradings = annotations.map((a) => gradingOf(JSON.parse(a.response) as { grades: Grade[] }));
  const storedGrading = stored ? gradingOf(JSON.parse(stored.label) as { grades?: Grade[] }) : null;
  const consensus = new Map<string, Map<string, boolean>>();
  const scores = new Map<string, number>();
  for (const r of payload.responses) {
    const met = new Map(storedGrading?.get(r.id) ?? consensusFor(payload.criteria, r.id, gradings).map((c) => [c.criterion, c.met]));
    consensus.set(r.id, met);
    scores.set(r.id, rubricScore(payload.criteria, met));
  }
  return { payload, gradings, consensus, scores };
}

export async function* rubricGradeRows(db: Db, projectId: number, secret: string): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const g = graded(task.payload, annotations, consensus);
    if (!g) continue;
    const { payload } = g;
    const graders = annotations.map((a) => pseudonym(secret, a.userId));
    const agreement = agreementPerCriterion(
      payload.criteria,
      payload.responses.map((r) => r.id),
      g.gradings,
    );
    const evidence = (response: string, criterion: string) =>
      annotations.flatMap((a) => {
        const grade = (JSON.parse(a.response) as { grades: Grade[] }).grades.find((x) => x.response === response);
        const v = grade?.verdicts.find((x) => x.criterion === criterion);
        return v?.met && v.evidence ? [v.evidence] : [];
      });
    for (const r of payload.responses) {
      const votes = consensusFor(payload.criteria, r.id, g.gradings);
      yield {
        prompt: promptMessages(payload),
        response: r.text,
        response_id: r.id,
        rubric: payload.rubric,
        verdicts: payload.criteria.map((c, i) => ({
          criterion: c.id,
          text: c.text,
          weight: c.weight,
          essential: c.essential,
          met: g.consensus.get(r.id)?.get(c.id) ?? false,
          metVotes: votes[i].metVotes,
          votes: votes[i].votes,
          agreement: Number.isNaN(agreement.get(c.id)) ? null : agreement.get(c.id),
          evidence: evidence(r.id, c.id),
        })),
        score: g.scores.get(r.id),
        graders,
        meta: { taskId: task.externalId, domain: task.domain, ...consensusMeta(consensus, 'majority') },
        source_meta: sourceMeta(payload),
      };
    }
  }
}

export async function* rubricDpoRows(db: Db, projectId: number, style: DpoStyle, margin: number): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const g = graded(task.payload, annotations, consensus);
    if (!g) continue;
    const ranked = [...g.payload.responses].sort((a, b) => g.scores.get(b.id)! - g.scores.get(a.id)!);
    for (let i = 0; i < ranked.length; i++) {
      for (let j = i + 1; j < ranked.length; j++) {
        const [chosen, rejected] = [ranked[i], ranked[j]];
        const gap = g.scores.get(chosen.id)! - g.scores.get(rejected.id)!;
        if (gap < margin || gap === 0) continue;
        const pair = { chosen, rejected, votes: [], annotators: annotations.length, agreement: 1, margin: gap, split: false };
        yield {
          ...styled(style, promptMessages(g.payload), pair),
          meta: {
            taskId: task.externalId,
            domain: task.domain,
            chosenId: chosen.id,
            rejectedId: rejected.id,
            votes: [],
            annotators: annotations.length,
            agreement: null,
            margin: gap,
            split: false,
            ...consensusMeta(consensus, 'majority'),
          },
          source_meta: sourceMeta(g.payload),
        };
      }
    }
  }
}

/**
 * Per tutor × domain reliability (`tutor_reliability`) and the gold counts behind it (`gold_results`).
 * Routing reads one tutor's rows with one probe of the primary key (user_id, domain); the batch
 * consensus writes the model's estimates; a gold submit refreshes the gold counts.
 */
import { sql } from 'kysely';
import type { DomainReliability } from '../../routing/trust.js';
import type { Db } from '../transaction.js';

/** Every domain row of one tutor (routing: one indexed query per `next`, only when a project needs it). */
export async function reliabilityOfTutor(db: Db, userId: number): Promise<DomainReliability[]> {
  const rows = await db
    .selectFrom('tutor_reliability')
    .select(['domain', 'reliability', 'gold_total as goldTotal', 'model_labels as modelLabels'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({
    domain: r.domain,
    reliability: Number(r.reliability),
    goldTotal: Number(r.goldTotal),
    modelLabels: Number(r.modelLabels),
  }));
}

/** Reliability in one domain of these tutors (the incremental consensus' accuracies). */
export async function reliabilityInDomain(db: Db, domain: string, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tutor_reliability')
    .select(['user_id', 'reliability'])
    .where('domain', '=', domain)
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.reliability)]));
}

export interface StoredReliability {
  userId: number;
  domain: string;
  goldTotal: number;
  goldCorrect: number;
  modelAccuracy: number | null;
  modelLabels: number;
  reliability: number;
  updatedAt: number;
}

export async function reliabilityRow(db: Db, userId: number, domain: string): Promise<StoredReliability | undefined> {
  const r = await db
    .selectFrom('tutor_reliability')
    .selectAll()
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .executeTakeFirst();
  return r ? toStored(r) : undefined;
}

function toStored(r: {
  user_id: number;
  domain: string;
  gold_total: number;
  gold_correct: number;
  model_accuracy: number | null;
  model_labels: number;
  reliability: number;
  updated_at: number;
}): StoredReliability {
  return {
    userId: r.user_id,
    domain: r.domain,
    goldTotal: Number(r.gold_total),
    goldCorrect: Number(r.gold_correct),
    modelAccuracy: r.model_accuracy === null ? null : Number(r.model_accuracy),
    modelLabels: Number(r.model_labels),
    reliability: Number(r.reliability),
    updatedAt: Number(r.updated_at),
  };
}

/** Insert or replace whole rows (batch: model estimates with fresh gold counts; gold submit: new counts). */
export async function saveReliability(db: Db, rows: StoredReliability[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .insertInto('tutor_reliability')
      .values(
        chunk.map((r) => ({
          user_id: r.userId,
          domain: r.domain,
          gold_total: r.goldTotal,
          gold_correct: r.goldCorrect,
          model_accuracy: r.modelAccuracy,
          model_labels: r.modelLabels,
          reliability: r.reliability,
          updated_at: r.updatedAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['user_id', 'domain']).doUpdateSet((eb) => ({
          gold_total: eb.ref('excluded.gold_total'),
          gold_correct: eb.ref('excluded.gold_correct'),
          model_accuracy: eb.ref('excluded.model_accuracy'),
          model_labels: eb.ref('excluded.model_labels'),
          reliability: eb.ref('excluded.reliability'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Gold results per tutor × domain (every project: reliability is a tutor's, not a project's). */
export async function goldCounts(db: Db, userIds: number[], domain?: string): Promise<Map<string, { total: number; correct: number }>> {
  const out = new Map<string, { total: number; correct: number }>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('gold_results')
      .select(['user_id', 'domain', sql<number>`COUNT(*)`.as('total'), sql<number>`SUM(correct)`.as('correct')])
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .$if(domain !== undefined, (q) => q.where('domain', '=', domain!))
      .groupBy(['user_id', 'domain'])
      .execute();
    for (const r of rows) out.set(reliabilityKey(r.user_id, r.domain), { total: Number(r.total), correct: Number(r.correct ?? 0) });
  }
  return out;
}

export const reliabilityKey = (userId: number, domain: string) => `${userId}\u0000${domain}`;

export interface ProjectReliabilityRow extends StoredReliability {
  name: string;
  tier: string;
}

/** Rows for the tutors who annotated in this project, in its domains, ordered by tutor then domain. */
export async function reliabilityForProject(db: Db, projectId: number, domains: string[]): Promise<ProjectReliabilityRow[]> {
  const rows = await db
    .selectFrom('tutor_reliability as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .select(['u.name', 'u.tier'])
    .where('r.domain', 'in', domains)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('annotations as n').select('n.id').whereRef('n.user_id', '=', 'r.user_id').where('n.project_id', '=', projectId),
      ),
    )
    .orderBy('r.user_id')
    .orderBy('r.domain')
    .execute();
  return rows.map((r) => ({ ...toStored(r), name: r.name, tier: r.tier }));
}

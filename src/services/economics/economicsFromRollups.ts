/**
 * The Cost page's judgments from the stored rollups (`economics_rollups`, kept by triggers: migration
 * 030, store/economicsRollupSql.ts) instead of one pass over every judgment: the rows are bounded by
 * tutors × domains × kinds; only the judgments on gold tasks (a small share) are read one by one, for
 * the gold accuracy curve and the tier comparison's gold items.
 * The rollups cannot answer (false: the caller reads every judgment) when a tutor's pay terms, the
 * project's per-task rate or its target confidence changed since a row was priced, or when another
 * idle cap is asked for than the one they were priced with.
 */
import type { StoredEconomicsCollector } from '../../economics/storedEconomics.js';
import { GOLD_KINDS, HOURLY_IDLE_CAP_MS } from '../../store/economicsRollupSql.js';
import type { EconomicsRow } from '../../store/repositories/economics.js';
import { economicsRollupRows, goldEconomicsRows, tutorTerms } from '../../store/repositories/economicsRollups.js';
import type { ServiceContext } from '../context.js';

export interface FromRollupsOptions {
  target: number;
  idleCapMs?: number;
  /** The per-task rate of tutors without their own. */
  projectPayPerTask: number;
  /** Takes one judgment on a gold task as the full pass would, if it is answered and the task has a gold answer. */
  feedGold: (row: EconomicsRow) => void;
  tutorNames: Record<string, string>;
}

/** Kinds 1 and 2: judgments on gold tasks, read one by one instead. */
const isGoldKind = (kind: number) => (GOLD_KINDS as readonly number[]).includes(kind);

export async function economicsFromRollups(
  ctx: ServiceContext,
  project: { id: number },
  collector: StoredEconomicsCollector,
  o: FromRollupsOptions,
): Promise<boolean> {
  if (o.idleCapMs !== undefined && o.idleCapMs !== HOURLY_IDLE_CAP_MS) return false;
  const db = ctx.store.db;
  const rows = await economicsRollupRows(db, project.id);
  const terms = await tutorTerms(db, [...new Set(rows.map((r) => r.userId))]);
  for (const r of rows) {
    const t = terms.get(r.userId);
    if (!t) continue;
    const rate = t.payModel === 'per_task' && t.payRate <= 0 ? o.projectPayPerTask : t.payRate;
    if (r.reachedTarget !== o.target || r.pricedModel !== t.payModel || r.pricedRate !== rate) return false;
  }
  for (const r of rows) {
    const t = terms.get(r.userId);
    if (!t) continue; // as the full pass's join: a judgment whose user row is gone is left out
    o.tutorNames[String(r.userId)] = t.name;
    if (isGoldKind(r.kind)) continue;
    const production = r.kind >= 10 ? r.kind - 10 : -1;
    const consensus = production >= 0 ? production >> 1 : 0; // 0 none, 1 agrees, 2 disagrees
    collector.addGroup({
      tutor: String(r.userId),
      tier: t.tier,
      domain: r.domain,
      judgments: r.judgments,
      durationMs: r.durationMs,
      costCents: r.costCents + r.modelCostUsd * 100,
      answered: r.kind !== 0,
      accepted: consensus === 1 ? r.judgments : 0,
      withConsensus: consensus > 0 ? r.judgments : 0,
      reachedByModel: production >= 0 && (production & 1) === 1,
    });
  }
  for (const g of await goldEconomicsRows(db, project.id)) o.feedGold(g);
  return true;
}

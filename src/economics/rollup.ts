/**
 * Cost and output rolled up per project, domain, tier and tutor (or any combination), from plain
 * judgment records.
 *
 * For a group G of judgments:
 *   cost        = Σ costCents                      (integer cents; the line items of cost.ts)
 *   judgments   = |G|
 *   accepted    = |{ j ∈ G : j.accepted }|         (agreed with consensus, or passed review —
 *                                                    the caller decides and says which)
 *   timeMs      = Σ durationMs                      (time on task as reported, not capped)
 *   throughput  = judgments / (timeMs / 1 h)        (judgments per hour of work; null when timeMs = 0)
 *   costPerJudgment = cost / judgments,  costPerAccepted = cost / accepted (null when 0)
 *
 * Time is summed rather than measured wall-clock because tutors work in parallel: throughput per
 * hour of tutor time is what pay and staffing decisions need.
 */
import type { Tier } from '../domain/users.js';
import type { WorkKind } from './cost.js';
import { MS_PER_HOUR } from './cost.js';

export interface JudgmentRecord {
  project: string;
  domain: string;
  tier: Tier;
  tutor: string;
  kind?: WorkKind;
  costCents: number;
  durationMs: number;
  accepted: boolean;
}

export type RollupDimension = 'project' | 'domain' | 'tier' | 'tutor' | 'kind';

export interface RollupRow {
  /** The group's value for each requested dimension. */
  key: Partial<Record<RollupDimension, string>>;
  costCents: number;
  judgments: number;
  accepted: number;
  timeMs: number;
  throughputPerHour: number | null;
  costPerJudgment: number | null;
  costPerAccepted: number | null;
}

/** Groups records by the given dimensions (none = one total row), rows sorted by key. */
export function rollup(records: readonly JudgmentRecord[], by: readonly RollupDimension[] = []): RollupRow[] {
  const acc = new RollupAccumulator(by);
  for (const r of records) acc.add(r);
  return acc.rows();
}

/** The same rollup one record at a time: memory grows with the groups, not the records (big projects stream). */
export class RollupAccumulator {
  /** Keyed by the JSON of the key's values (the sort order of the rows). */
  private readonly groups = new Map<string, { key: RollupRow['key']; cost: number; n: number; acc: number; time: number }>();
  /** The same groups by a cheaper key, so a record costs a string join, not a JSON encoding. */
  private readonly byJoined = new Map<string, { key: RollupRow['key']; cost: number; n: number; acc: number; time: number }>();
  constructor(private readonly by: readonly RollupDimension[] = []) {}

  add(r: JudgmentRecord): void {
    this.addGroup(r, 1, r.accepted ? 1 : 0);
  }

  /** `judgments` records at once, `r.costCents` and `r.durationMs` being their sums (a stored rollup's row). */
  addGroup(r: JudgmentRecord, judgments: number, accepted: number): void {
    let joined = '';
    for (const d of this.by) joined += `${d === 'kind' ? (r.kind ?? 'annotation') : (r[d] ?? '\u0001')}\u0000`;
    let g = this.byJoined.get(joined);
    if (!g) {
      const key: RollupRow['key'] = {};
      for (const d of this.by) key[d] = d === 'kind' ? (r.kind ?? 'annotation') : r[d];
      const id = JSON.stringify(this.by.map((d) => key[d]));
      g = this.groups.get(id);
      if (!g) this.groups.set(id, (g = { key, cost: 0, n: 0, acc: 0, time: 0 }));
      this.byJoined.set(joined, g);
    }
    g.cost += r.costCents;
    g.n += judgments;
    g.acc += accepted;
    g.time += r.durationMs;
  }

  rows(): RollupRow[] {
    const groups = new Map(this.groups);
    if (this.by.length === 0 && groups.size === 0) groups.set('[]', { key: {}, cost: 0, n: 0, acc: 0, time: 0 });
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, g]) => ({
        key: g.key,
        costCents: g.cost,
        judgments: g.n,
        accepted: g.acc,
        timeMs: g.time,
        throughputPerHour: g.time > 0 ? g.n / (g.time / MS_PER_HOUR) : null,
        costPerJudgment: g.n > 0 ? g.cost / g.n : null,
        costPerAccepted: g.acc > 0 ? g.cost / g.acc : null,
      }));
  }
}

/**
 * Agreement per project and per domain, for every field of the task type (quality/agreement/responseRatings.ts):
 * Krippendorff's α at the field's level and Fleiss' κ, each with a percentile bootstrap 95 %
 * interval over items (the quality engine's `measureAgreement`, seeded, so the same data gives the
 * same interval). Fleiss' κ is reported only when every item with two or more ratings has the
 * same number of them (the statistic's assumption, Fleiss 1971); otherwise it is n/a with the reason.
 * Items with one rating carry no agreement information and are counted but left out of both.
 * Pure: ratings in, numbers out.
 */
import { measureAgreements, type AgreementData, type AgreementResult } from '../../quality/agreement/index.js';
import type { AgreementRow, Measure } from '../../domain/api/dashboards.js';
import type { FieldRating, FieldSpec } from '../../quality/agreement/responseRatings.js';

/** Resamples for nominal and interval α and Fleiss κ, computed from per-item sufficient statistics (cheap at any size). */
export const FAST_ROUNDS = 1000;

interface FieldData {
  spec: FieldSpec;
  unitOf: Map<string, number>;
  unitDomain: string[];
  units: number[];
  raters: number[];
  values: number[];
  classes: Map<string, number>;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Bootstrap rounds for ordinal α (the quality engine's per-rating pass): 1000 up to ~12 500 ratings,
 * fewer above, never below 200 (the percentile interval is then rougher, not wrong).
 */
export function bootstrapRounds(ratings: number): number {
  return Math.max(200, Math.min(1000, Math.round(12_500_000 / Math.max(1, ratings))));
}

export class AgreementCollector {
  private readonly fields = new Map<string, FieldData>();

  constructor(specs: readonly FieldSpec[]) {
    for (const spec of specs) {
      this.fields.set(spec.field, { spec, unitOf: new Map(), unitDomain: [], units: [], raters: [], values: [], classes: new Map() });
    }
  }

  get measurable(): boolean {
    return this.fields.size > 0;
  }

  /** One response's ratings, by one rater, on one task. */
  add(task: number, domain: string, rater: number, ratings: readonly FieldRating[]): void {
    for (const r of ratings) {
      const f = this.fields.get(r.field);
      if (!f) continue;
      const key = `${task}\u0000${r.sub}`;
      let u = f.unitOf.get(key);
      if (u === undefined) {
        f.unitOf.set(key, (u = f.unitDomain.length));
        f.unitDomain.push(domain);
      }
      let v: number;
      if (f.spec.categorical) {
        const name = String(r.value);
        let c = f.classes.get(name);
        if (c === undefined) f.classes.set(name, (c = f.classes.size));
        v = c;
      } else {
        v = Number(r.value);
        if (!Number.isFinite(v)) continue;
      }
      f.units.push(u);
      f.raters.push(rater);
      f.values.push(v);
    }
  }

  /** Rows for the whole project, then each domain (sorted), for every field. */
  summarise(seed = 1): AgreementRow[] {
    const out: AgreementRow[] = [];
    for (const f of this.fields.values()) {
      out.push(measureScope(f, null, seed));
      for (const d of [...new Set(f.unitDomain)].sort()) out.push(measureScope(f, d, seed));
    }
    return out;
  }
}

function measureScope(f: FieldData, domain: string | null, seed: number): AgreementRow {
  // Re-index the units (and raters) of this scope densely.
  const unitMap = new Map<number, number>(),
    raterMap = new Map<number, number>();
  const units: number[] = [],
    raters: number[] = [],
    values: number[] = [];
  for (let i = 0; i < f.units.length; i++) {
    if (domain !== null && f.unitDomain[f.units[i]] !== domain) continue;
    let u = unitMap.get(f.units[i]);
    if (u === undefined) unitMap.set(f.units[i], (u = unitMap.size));
    let r = raterMap.get(f.raters[i]);
    if (r === undefined) raterMap.set(f.raters[i], (r = raterMap.size));
    units.push(u);
    raters.push(r);
    values.push(f.values[i]);
  }
  const perUnit = new Int32Array(unitMap.size);
  for (const u of units) perUnit[u]++;
  let items = 0,
    single = 0,
    pairedRatings = 0,
    min = Infinity,
    max = 0;
  for (const c of perUnit) {
    if (c >= 2) {
      items++;
      pairedRatings += c;
      min = Math.min(min, c);
      max = Math.max(max, c);
    } else if (c === 1) single++;
  }
  const base = {
    scope: domain === null ? ('project' as const) : ('domain' as const),
    domain,
    field: f.spec.field,
    level: f.spec.level,
    items,
    singleRated: single,
    ratings: pairedRatings,
    raters: raterMap.size,
  };
  const rounds = f.spec.level === 'nominal' || f.spec.level === 'interval' ? FAST_ROUNDS : bootstrapRounds(pairedRatings);
  if (items === 0) {
    const none: Measure = { value: null, lower: null, upper: null, note: 'no item has two ratings yet' };
    return { ...base, alpha: none, fleiss: none, rounds: 0 };
  }
  const data: AgreementData = {
    units: Int32Array.from(units),
    raters: Int32Array.from(raters),
    values: Float64Array.from(values),
    nUnits: unitMap.size,
    nRaters: raterMap.size,
  };
  const withFleiss = f.spec.fleiss && min === max;
  // α and κ over the same resamples when both are measured (what each gives alone with this seed;
  // Fleiss is only measured on nominal or interval fields, whose α runs FAST_ROUNDS).
  const [alphaResult, fleissResult] = measureAgreements(
    data,
    withFleiss
      ? [{ metric: 'krippendorff', level: f.spec.level }, { metric: 'fleiss' }]
      : [{ metric: 'krippendorff', level: f.spec.level }],
    { rounds, seed },
  );
  const alpha = measure(alphaResult);
  let fleiss: Measure;
  if (!f.spec.fleiss)
    fleiss = { value: null, lower: null, upper: null, note: `n/a: ${f.spec.field} are ordered, and Fleiss κ is for unordered classes` };
  else if (!withFleiss)
    fleiss = {
      value: null,
      lower: null,
      upper: null,
      note: `n/a: items have between ${min} and ${max} ratings; Fleiss κ needs the same number of raters on every item`,
    };
  else fleiss = measure(fleissResult);
  return { ...base, alpha, fleiss, rounds };
}

function measure(r: AgreementResult): Measure {
  const value = finite(r.value);
  return {
    value,
    lower: value === null ? null : finite(r.lower),
    upper: value === null ? null : finite(r.upper),
    note: value === null ? 'undefined: the ratings do not vary (every rating is the same)' : null,
  };
}

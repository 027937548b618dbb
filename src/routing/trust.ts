/**
 * When a tutor's reliability in a domain is strong enough evidence to change where their work goes.
 * A reliability estimate from two gold answers or a handful of inferred labels is mostly its prior,
 * so routing acts on it only with minimum evidence: ≥ MIN_GOLD gold results (each one a known answer)
 * or ≥ MIN_MODEL_LABELS labels seen by the batch model (weaker: inferred, not known, hence 4× as many).
 */
export const MIN_GOLD = 5;
export const MIN_MODEL_LABELS = 20;

/** One tutor × domain row as routing reads it. */
export interface DomainReliability {
  domain: string;
  reliability: number;
  goldTotal: number;
  modelLabels: number;
}

export function hasEvidence(r: DomainReliability): boolean {
  return r.goldTotal >= MIN_GOLD || r.modelLabels >= MIN_MODEL_LABELS;
}

/** Trusted: reliability at or above the project's bar, with evidence. */
export function isTrusted(r: DomainReliability, trustedReliability: number): boolean {
  return hasEvidence(r) && r.reliability >= trustedReliability;
}

/** Of `domains`, those where the tutor is trusted (these get the uncertain pool first). */
export function trustedDomains(rows: readonly DomainReliability[], domains: readonly string[], trustedReliability: number): string[] {
  const byDomain = new Map(rows.map((r) => [r.domain, r]));
  return domains.filter((d) => {
    const r = byDomain.get(d);
    return r !== undefined && isTrusted(r, trustedReliability);
  });
}

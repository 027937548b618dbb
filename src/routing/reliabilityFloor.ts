/**
 * The reliability floor: a tutor whose reliability in a domain is below the project's floor (with
 * minimum evidence, see trust.ts) gets no new work in that domain; other domains are unaffected.
 * A tutor with no evidence yet keeps working: the floor removes proven-unreliable work, not newcomers.
 */
import { hasEvidence, type DomainReliability } from './trust.js';

export function isBelowFloor(r: DomainReliability, floor: number): boolean {
  return hasEvidence(r) && r.reliability < floor;
}

export interface FloorOutcome {
  /** Domains the tutor may still receive. */
  kept: string[];
  /** Domains removed by the floor. */
  removed: string[];
}

export function applyReliabilityFloor(domains: readonly string[], rows: readonly DomainReliability[], floor: number): FloorOutcome {
  const byDomain = new Map(rows.map((r) => [r.domain, r]));
  const kept: string[] = [];
  const removed: string[] = [];
  for (const d of domains) {
    const r = byDomain.get(d);
    (r !== undefined && isBelowFloor(r, floor) ? removed : kept).push(d);
  }
  return { kept, removed };
}

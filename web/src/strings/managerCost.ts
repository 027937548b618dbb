/**
 * The Cost dashboard's sections' words (web/src/manager/cost/; the page's own are managerStrings.cost).
 * Imported by those sections only, not through `strings`, so they load with the manager chunk and
 * never weigh on the first load. Sentences built from numbers take them already formatted.
 */
export const managerCostStrings = {
  /** A number that cannot be computed, and a cell with nothing to show. */
  na: 'n/a',
  none: '—',
  /** Column headings several tables share. */
  columns: {
    domain: 'Domain',
    tier: 'Tier',
    judgments: 'Judgments',
    accepted: 'Accepted',
    cost: 'Cost',
    costPerLabel: 'Cost per label',
    costPerQAL: 'Cost per quality-adjusted label',
    goldAccuracy: 'Gold accuracy',
    interval: '95% interval',
    time: 'Time',
    tutor: 'Tutor',
    pseudonym: 'Pseudonymous id',
  },
  tierDomain: {
    title: 'Cost by tier and domain',
    intro: (target: string) =>
      `A quality-adjusted label is one brought to ${target} accuracy: the judgments a pool with this gold accuracy needs for a majority to be right that often, times its cost per judgment. “Unreachable” means the pool’s gold accuracy is too low to get there.`,
    none: 'No judgment yet.',
    tableLabel: 'Cost by tier and domain',
    costPerAccepted: 'Cost per accepted',
    /** Why a cost per quality-adjusted label is missing, in a word. */
    noGold: 'no gold',
    unreachable: 'unreachable',
    perLabelSeries: (tier: string) => `Cost per label, ${tier}s`,
    perQALSeries: (tier: string) => `Cost per quality-adjusted label, ${tier}s`,
    summaryRow: (v: { domain: string; tier: string; perLabel: string; perQAL: string }) =>
      `${v.domain}, ${v.tier}s: ${v.perLabel} per label, ${v.perQAL} per quality-adjusted label`,
  },
  cascade: {
    title: 'Cascade against each tier',
    doing: 'compare the cascade with each tier',
    /** A row's name: the cascade, or one tier alone ("Models alone"). */
    who: (who: string) => (who === 'cascade' ? 'Cascade' : `${who[0].toUpperCase()}${who.slice(1)}s alone`),
    goldIntro: (items: number) =>
      `On gold, the same ${items} items for every row: the gold items every tier of their domain’s order judged. A tier alone answers with its own judgments; the cascade is replayed with its rule on the judgments it would have taken. A quality-adjusted label is a correct one. AI judges are priced at their model calls, people at their pay.`,
    noGold: 'No gold item judged by every tier yet.',
    goldTableLabel: 'Cascade against each tier on gold',
    whoColumn: 'Who',
    items: 'Items',
    goldAccuracy: 'Gold accuracy (95 % interval)',
    costPerItem: 'Cost per item',
    goldCell: (accuracy: string, interval: string, correct: number) => `${accuracy} (${interval}), ${correct} right`,
    productionIntro: (target: string) =>
      `In production, as the cascade ran (not the same items: each tier judged the items that reached it). A tier’s answer is compared with the final consensus; the cascade’s quality-adjusted labels are the items whose final confidence reached ${target}.`,
    productionTableLabel: 'Cascade against each tier in production',
    agrees: 'Agrees with the final consensus',
    reached: (reached: number | null, items: number) => `${reached} of ${items} reached the target`,
    agreed: (agreed: number, items: number, share: string) => `${agreed} of ${items} (${share})`,
  },
  comparison: {
    title: 'Specialists vs generalists',
    metrics: {
      goldAccuracy: 'Gold accuracy',
      agreement: 'Agreement with consensus',
      reliability: 'Estimated reliability',
      speedMs: 'Time per judgment',
      costPerQAL: 'Cost per quality-adjusted label',
    },
    domainLabel: (domain: string) => `Specialists vs generalists in ${domain}`,
    metric: 'Metric',
    specialists: 'Specialists',
    generalists: 'Generalists',
    difference: 'Difference',
    range: (lower: string, upper: string) => `${lower} to ${upper}`,
    pools: (s: Pool, g: Pool) =>
      `Specialists: ${s.tutors} tutors, ${s.judgments} judgments, ${s.goldItems} gold items. Generalists: ${g.tutors} tutors, ${g.judgments} judgments, ${g.goldItems} gold items.`,
    goldRow: (domain: string, tier: string) => `${domain} · ${tier}s`,
    goldCaption: 'Gold accuracy by domain and tier, Wilson 95% intervals',
    none: 'No domain where both specialists and generalists have worked on answers that can be compared yet.',
    diffCaption:
      'Cost per quality-adjusted label, specialists minus generalists, with bootstrap 95% intervals (below zero: specialists cheaper)',
  },
  tutors: {
    title: 'By tutor',
    none: 'Nobody has submitted yet.',
    tableLabel: 'Cost by tutor',
    perHour: 'Judgments per hour',
    costPerJudgment: 'Cost per judgment',
  },
  reviewCert: {
    title: 'Reviews and certification',
    reviews: 'Reviews',
    exams: 'Exams',
    reviewCost: 'Review cost',
    verdicts: 'Verdicts',
    certificationCost: 'Certification cost in this project’s domains',
    attempts: 'Exam attempts (passed)',
    /** How verdicts and exams enter the cost, with the verdicts that reported no time. */
    note: (v: { reachedByReview: number; withoutReviews: string; withoutDuration: number }) =>
      `Verdicts are priced from each reviewer’s pay terms and are in the total; an item with a verdict counts as a quality-adjusted label (${v.reachedByReview} only by a verdict; without reviews: ${v.withoutReviews} per quality-adjusted label).` +
      (v.withoutDuration > 0
        ? ` ${v.withoutDuration} verdict${v.withoutDuration === 1 ? '' : 's'} reported no time and ${v.withoutDuration === 1 ? 'is' : 'are'} priced as 0 minutes.`
        : '') +
      ' Exams certify tutors for a domain, not a project, so their cost is shown apart and is in neither the total nor the cost per label.',
    none: 'No verdicts or exam attempts yet.',
    tableLabel: 'Review and certification cost',
    work: 'Work',
    count: 'Count',
    passed: 'Passed',
  },
};

interface Pool {
  tutors: number;
  judgments: number;
  goldItems: number;
}

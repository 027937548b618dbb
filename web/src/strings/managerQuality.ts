/**
 * The Quality dashboard's words (web/src/manager/quality/), with the number formats and range charts
 * the Cost dashboard shares with it. Imported by those pages only, not through `strings`, so they load
 * with the manager chunk and never weigh on the first load. Sentences built from numbers are small
 * functions taking the numbers already formatted, so a translation can put them in its own order.
 */
export const managerQualityStrings = {
  /** A number that cannot be computed (too few ratings, no gold…). */
  na: 'n/a',
  /** An interval from its formatted bounds. */
  interval: (lower: string, upper: string) => `${lower} to ${upper}`,
  /** Range charts (quality/rangeChart.ts): the tooltip's interval and the series names. */
  rangeChart: {
    ci: (lower: string, upper: string) => ` (95% CI ${lower} to ${upper})`,
    interval: '95% interval',
    estimate: 'Estimate',
  },
  /** The project picker every dashboard shows (quality/ProjectPicker.tsx). */
  picker: {
    project: 'Project',
    doing: 'load the projects',
    none: 'No project yet.',
    create: 'Create one',
  },
  agreement: {
    title: 'Agreement',
    wholeProject: 'Whole project',
    /** The scope in the chart's summary sentence, mid-sentence. */
    wholeProjectInline: 'whole project',
    cardLabel: (scope: string, field: string) => `Agreement, ${scope}, ${field}`,
    alpha: (level: string) => `Krippendorff α (${level})`,
    fleiss: 'Fleiss κ',
    ci: (interval: string) => `95% CI ${interval}`,
    counts: (v: { items: number; ratings: number; raters: number; singleRated: number }) =>
      `${v.items} items with 2+ ratings · ${v.ratings} ratings · ${v.raters} raters` +
      (v.singleRated > 0 ? ` · ${v.singleRated} items with one rating left out` : ''),
    on: (field: string) => `On ${field}`,
    chartCaption: (field: string) => `Krippendorff α with 95% bootstrap intervals (${field})`,
    chartRow: (scope: string, alpha: string, interval: string | null) => `${scope}: α ${alpha}${interval !== null ? ` (${interval})` : ''}`,
    chartSummary: (field: string, rows: string) => `Krippendorff α on ${field}: ${rows}`,
    intro: (annotations: number, seed: number | string) =>
      `Over ${annotations} judgments on production tasks (gold tasks are measured against their answers below). Intervals: percentile bootstrap over items, seed ${seed}.`,
    sampled: (share: string) => ` Large project: measured on a fixed sample of ${share} of the items.`,
  },
  gold: {
    title: 'Gold accuracy by tutor',
    none: 'No judgment on a gold task yet.',
    chartRow: (v: { name: string; tier: string; correct: number; total: number; thin: boolean }) =>
      `${v.name} (${v.tier}): ${v.correct} of ${v.total}${v.thin ? ', thin evidence' : ''}`,
    summaryRow: (v: { name: string; correct: number; total: number; accuracy: string; interval: string }) =>
      `${v.name}: ${v.correct} of ${v.total} (${v.accuracy}, ${v.interval})`,
    caption: (thinBelow: number) =>
      `Accuracy on gold with Wilson 95% intervals (weakest lower bound first; colour by tier; grey: fewer than ${thinBelow} gold judgments, thin evidence)`,
    chartSummary: (rows: string) => `Gold accuracy by tutor: ${rows}`,
    tableLabel: 'Gold accuracy by tutor',
    tutor: 'Tutor',
    pseudonym: 'Pseudonymous id',
    tier: 'Tier',
    correct: 'Correct',
    accuracy: 'Accuracy',
    interval: '95% interval',
    byDomain: 'By domain',
    thin: 'thin evidence',
    domainRow: (domain: string, correct: number, total: number, interval: string) => `${domain}: ${correct}/${total} (${interval})`,
  },
  consensus: {
    title: 'Consensus',
    none: 'No consensus stored yet.',
    wholeProject: 'Whole project',
    withConsensus: 'Tasks with consensus',
    meanConfidence: 'Mean confidence',
    below: (threshold: number) => `Below ${threshold}`,
    byReview: 'Decided by review',
    method: (methods: string) => `Method: ${methods}`,
    tableLabel: 'Consensus by domain',
    scope: 'Scope',
  },
  certifications: {
    title: 'Certifications over time',
    scope: (days: number) => `All domains, last ${days} days (UTC).`,
    loading: 'Loading certification events',
    doing: 'load the certification events',
    none: (days: number) => `No certification granted, suspended or revoked in the last ${days} days.`,
    series: {
      grantedByExam: 'Granted by exam',
      grantedByManager: 'Granted by a manager',
      suspended: 'Suspended',
      revoked: 'Revoked',
    },
    summary: (days: number, n: { grantedByExam: number; grantedByManager: number; suspended: number; revoked: number }) =>
      `Over the last ${days} days: ${n.grantedByExam} granted by exam, ${n.grantedByManager} by a manager, ${n.suspended} suspended, ${n.revoked} revoked`,
    tableLabel: 'Certifications by day and domain',
    day: 'Day',
    domain: 'Domain',
  },
  reviews: {
    title: 'Review queue',
    loading: 'Loading the review queue',
    doing: 'load the review queue',
    open: 'Open',
    decided: 'Decided',
    medianTime: 'Median time to decision',
    overturning: 'Verdicts overturning consensus',
    tableLabel: 'Reviews by reason',
    reason: 'Reason',
    reasons: { low_confidence: 'Low confidence', disagreement: 'Disagreement', flagged: 'Flagged by a tutor' },
    overturned: (overturned: number, withModelConsensus: number, verdicts: number) =>
      `${overturned} of ${withModelConsensus} verdicts on tasks with a model consensus overturned it (${verdicts} verdicts in all).`,
  },
  tiers: {
    title: 'Model, generalist and specialist',
    doing: 'measure the tiers',
    none: 'No judgment yet.',
    tableLabel: 'Tiers side by side',
    domain: 'Domain',
    tier: 'Tier',
    judgments: 'Judgments',
    goldAccuracy: 'Gold accuracy',
    kappa: 'κ with specialists',
    calibration: 'Calibration error',
    costPerJudgment: 'Cost per judgment',
    costPerQAL: 'Cost per quality-adjusted label',
    gold: (accuracy: string, interval: string, total: number) => `${accuracy} (${interval}, ${total} gold)`,
    noGold: 'no gold',
    statedConfidence: 'stated confidence',
    accuracy: 'accuracy',
    perfect: 'perfect calibration',
    reliabilitySummary: 'Reliability chart: accuracy of the judges against their stated confidence, per confidence bin',
    /** One AI judge's run figures and biases; the optional parts only when measured. */
    judge: (j: {
      id: number | string;
      verdicts: number;
      failed: number;
      toHumans: number;
      bothOrders: number;
      consistent: number;
      longerChosen: string | null;
      selfPreferred: number;
      costUsd: string;
    }) =>
      `Judge ${j.id}: ${j.verdicts} verdicts, ${j.failed} failed, ${j.toHumans} left to people` +
      (j.bothOrders > 0 ? `; both orders agreed on ${j.consistent} of ${j.bothOrders}` : '') +
      (j.longerChosen !== null ? `; chose the longer answer ${j.longerChosen} of the time` : '') +
      (j.selfPreferred > 0 ? `; chose its own model's answer ${j.selfPreferred} times (self-preference)` : '') +
      `; $${j.costUsd}`,
  },
};

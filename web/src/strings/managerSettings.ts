/**
 * A project's settings in words (web/src/manager/settings/): the settings page's form, and the rules in
 * force as sentences (settings/inForce.ts), which the project page shows too. Imported by those files
 * only, not through `strings`, so they load with the manager chunk and never weigh on the first load.
 * Sentences built from numbers take them already formatted (percentages, money, durations).
 */
export const managerSettingsStrings = {
  /** The consensus methods by their stored names. */
  methods: {
    mv: 'majority vote (MV)',
    wmv: 'weighted majority vote (WMV)',
    wawa: 'worker-agreement weighted vote (WAWA)',
    ds1: 'one-coin Dawid–Skene (DS1)',
    ds: 'Dawid–Skene (DS)',
    bds: 'Bayesian Dawid–Skene (BDS)',
    glad: 'GLAD',
    mace: 'MACE',
    hds: 'hierarchical Dawid–Skene (HDS)',
  } as Record<string, string>,
  /** The rules in force (settings/inForce.ts): a topic and a sentence each. */
  rules: {
    purpose: 'Purpose',
    questionBank: (purpose: string) =>
      `A question bank for ${purpose === 'exam' ? 'exams' : 'practice'}: never routed as work, never exported.`,
    judgments: 'Judgments per task',
    adaptive: (v: { min: number; max: number; target: string; overlap: number }) =>
      `Adaptive: each task gets ${v.min} to ${v.max} judgments, and stops as soon as its consensus reaches ${v.target} confidence. (The fixed overlap of ${v.overlap} is not used.)`,
    fixed: (overlap: number) => `Fixed: each task gets ${overlap} ${overlap === 1 ? 'judgment' : 'judgments'}.`,
    consensus: 'Consensus',
    formedBy: (method: string | undefined, live: boolean) =>
      `Formed by ${method}${live ? ', kept current after every judgment' : ', in batches when read (exports, dashboards)'}.`,
    review: 'Review',
    reviewBelow: (threshold: string) => `A task whose final consensus confidence is below ${threshold} goes to the review queue.`,
    noReview: 'No automatic review threshold: tasks reach review only when flagged.',
    gold: 'Gold',
    goldRate: (rate: string) => `${rate} of served tasks are gold checks.`,
    noGold: 'No gold checks are served.',
    liveGold: 'Live gold',
    suspension: (v: { window: number; threshold: string; minGold: number }) =>
      `A tutor's certification in a domain is suspended when the 95 % lower bound of their accuracy on the last ${v.window} gold checks falls below ${v.threshold} (after at least ${v.minGold}).`,
    noSuspension: 'Certifications are not suspended by gold accuracy.',
    reliability: 'Reliability',
    floor: (floor: string) => `Tutors whose reliability in a domain is below ${floor} get no new work there. `,
    noFloor: 'No reliability floor. ',
    trusted: (trusted: string) => `Tutors at or above ${trusted} get uncertain items first.`,
    who: 'Who',
    openTo: (tiers: string[], certifiedOnly: boolean) =>
      `Open to ${tiers.join(' and ')} tutors${certifiedOnly ? ', certified in the task’s domain only' : ''}.`,
    lease: 'Lease',
    leaseFor: (duration: string) => `A tutor holds a task for ${duration} before it goes back.`,
    pay: 'Pay',
    payPerTask: (pay: string) => `${pay} per task for tutors paid per task without a rate of their own.`,
    rationale: 'Rationale',
    rationaleRequired: 'Tutors must explain each answer.',
    rationaleOptional: 'A rationale is optional.',
  },
  page: {
    loading: 'Loading the project',
    doing: 'load this project',
    saved: (fields: string[]) => `Saved: ${fields.join(', ')}.`,
    crumb: 'Projects',
    title: (name: string) => `Settings of ${name}`,
    formLabel: 'Project settings',
    work: 'Work',
    name: 'Name',
    overlap: 'Judgments per task (fixed overlap)',
    goldRate: 'Gold rate (%)',
    pay: 'Pay per task in dollars',
    lease: 'Lease in minutes',
    tiers: 'Tiers allowed',
    certifiedOnly: 'Certified tutors only',
    instructions: 'Instructions (Markdown)',
    quality: 'Quality',
    cascade: 'Cascade',
    saving: 'save the settings',
    save: 'Save settings',
    noChanges: 'No changes.',
    changed: (fields: string[]) => `Changed: ${fields.join(', ')}`,
    now: 'In force now',
    after: 'After saving',
    fixed: 'The rubric, labels and task type are fixed once tasks are imported: create a new project to change them.',
  },
  /** The quality policy's fields (settings/QualityFields.tsx). */
  quality: {
    method: 'Consensus method',
    adaptive: 'Adaptive overlap: stop a task once its consensus is confident enough',
    target: 'Target confidence',
    atLeast: 'At least, judgments',
    atMost: 'At most, judgments',
    review: 'Send tasks with low consensus confidence to review',
    reviewBelow: 'Review below confidence',
    suspension: 'Live gold: suspend a certification when gold accuracy drops',
    suspendBelow: 'Suspend below accuracy',
    minGold: 'After at least, gold checks',
    window: 'Counting the last, gold checks',
    floor: 'Reliability floor: no new work below a reliability',
    floorValue: 'Reliability floor',
    trusted: 'Trusted from reliability',
    live: 'Keep consensus current after every judgment',
  },
  /** The cascade's fields (settings/CascadeFields.tsx). */
  cascade: {
    on: 'Cascade: each task starts with the cheapest tier and moves up while it is uncertain',
    tiers: 'Tiers, cheapest first',
    target: 'Move up below confidence (%)',
    expertOnly: 'Expert-only domains (last tier at once)',
    budget: 'Stop moving up after spending, dollars (empty: no cap)',
  },
};

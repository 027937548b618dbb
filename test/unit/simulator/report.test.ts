import { describe, expect, it } from 'vitest';
import { simulationReport } from '../../../src/simulator/report.js';
import type { SimulationResult } from '../../../src/simulator/results.js';

function result(name: string, accuracy: number, costCents: number): SimulationResult {
  const p = (v: number, total = 100) => ({ correct: v * total, total, value: v, lower: v - 0.05, upper: v + 0.04 });
  return {
    scenario: name,
    seed: 3,
    method: 'bds',
    stoppedBy: 'no work',
    tasks: { total: 100, gold: 10, labelled: 100 },
    accuracy: p(accuracy),
    accuracyByDomain: { law: p(accuracy - 0.1, 50), general: p(accuracy + 0.05, 50) },
    costCents,
    budgetCents: null,
    judgments: 330,
    goldJudgments: 30,
    judgmentsPerTask: 3,
    timeToFinishHours: 2.5,
    costPerCorrectLabelCents: costCents / (accuracy * 100),
    accuracyPerDollar: 1,
    qualityAdjusted: { targetConfidence: 0.95, reached: 80, items: 100, costPerQualityAdjustedLabelCents: 1234 },
    costToAccuracy: {
      targetAccuracy: 0.9,
      curve: [
        { depth: 1, items: 100, accuracy: 0.85, costPerItemCents: 40, accuracyPerDollar: 2.125 },
        { depth: 3, items: 100, accuracy: 0.91, costPerItemCents: 120, accuracyPerDollar: 0.76 },
      ],
      reached: name === 'cheap pool' ? null : { depth: 3, items: 100, accuracy: 0.91, costPerItemCents: 120, accuracyPerDollar: 0.76 },
    },
    tutors: { total: 10, active: 10, droppedOut: 0 },
    rejectedSubmissions: 0,
    adaptiveClosedItems: 0,
    rollups: {
      byTier: [],
      byTierDomain: [
        {
          key: { tier: 'generalist', domain: 'law' },
          costCents: 2000,
          judgments: 50,
          accepted: 40,
          timeMs: 3_600_000,
          throughputPerHour: 50,
          costPerJudgment: 40,
          costPerAccepted: 50,
        },
      ],
    },
    tierComparison: [],
    curve: [
      { judgments: 100, costCents: costCents / 3, hours: 1, accuracy: accuracy - 0.1, labelled: 30 },
      { judgments: 330, costCents, hours: 2.5, accuracy, labelled: 100 },
    ],
    notes: ['a note'],
  };
}

describe('simulationReport', () => {
  const a = result('cheap pool', 0.8, 150_000),
    b = result('expert | team', 0.93, 420_050);
  const report = simulationReport([a, b], 'T');

  it('has one headline row per scenario with the figures formatted', () => {
    expect(report.markdown).toContain('# T');
    expect(report.markdown).toContain(
      '| cheap pool | 80.0% (75.0%–84.0%) | $1,500.00 | $18.75 | $12.34 | not reached (best 91.0%) | 330 (3.00) | 2.5 h | no work |',
    );
    expect(report.markdown).toContain('| $1.20 (3 judgments) |');
    // a pipe in a name is escaped so the table keeps its columns
    expect(report.markdown).toContain('| expert \\| team | 93.0% (88.0%–97.0%) | $4,200.50 |');
    expect(report.markdown).toContain('| cheap pool | 85.0% | 70.0% |'); // domains sorted: general, law
    expect(report.markdown).toContain('| cheap pool | generalist | law | 50 | $20.00 | $0.40 | 50.0 |');
    expect(report.markdown).toContain('No scenario had both tiers working in one domain.');
    expect(report.markdown).toContain('- a note');
  });

  it('renders SVG charts that name each scenario, and the same input gives the same bytes', () => {
    expect(report.files.map((f) => f.name)).toEqual(['accuracy-vs-cost.svg', 'accuracy-vs-time.svg', 'accuracy-by-domain.svg']);
    for (const f of report.files) {
      expect(f.content.startsWith('<svg')).toBe(true);
      expect(f.content).toContain('cheap pool');
      expect(report.markdown).toContain(`(${f.name})`);
    }
    expect(simulationReport([a, b], 'T')).toEqual(report);
  });

  it('refuses an empty list', () => expect(() => simulationReport([])).toThrow(RangeError));
});

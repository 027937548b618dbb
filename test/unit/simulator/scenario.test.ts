import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/domain/errors.js';
import { parseScenario } from '../../../src/simulator/scenario.js';
import { answer, buildWorld, nextOnShift, pCorrect, DAY_MS } from '../../../src/simulator/crowd.js';
import { createRng } from '../../../src/quality/random.js';

const yaml = `
name: tiny
seed: 7
tasks:
  - type: preference
    domain: medicine
    count: 20
    difficulty: { mean: 0.2, sd: 0.1 }
    goldItems: 5
  - type: preference
    domain: general
    count: 10
workforce:
  - name: gen
    tier: generalist
    count: 6
    accuracy:
      medicine: { mean: 0.65, sd: 0.08 }
      default: { a: 18, b: 2 }
    speed: { medianSeconds: 60 }
    pay: { model: per_task, rate: 40 }
    dropout: 0.1
  - name: spec
    tier: specialist
    count: 2
    accuracy: { default: { mean: 0.92, sd: 0.03 } }
    speed: { medianSeconds: 120 }
    pay: { model: hourly, rate: 6000 }
    availability: { hoursPerDay: 4 }
project:
  overlap: 3
  goldRate: 0.1
  adaptive: { targetConfidence: 0.95, min: 2, max: 5 }
budgetCents: 100000
`;

function caught(fn: () => unknown): UserInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserInputError) return e;
    throw e;
  }
  throw new Error('expected a UserInputError');
}

describe('parseScenario', () => {
  it('parses a full scenario with defaults filled in', () => {
    const s = parseScenario(yaml);
    expect(s.seed).toBe(7);
    expect(s.workforce[0].availability).toEqual({ hoursPerDay: 8, windowHours: 24 });
    expect(s.workforce[0].speed).toEqual({ medianSeconds: 60, sigma: 0.5, tutorSigma: 0.3 });
    expect(s.project.adaptive).toEqual({ targetConfidence: 0.95, min: 2, max: 5 });
    expect(s.checkpoints).toBe(20);
  });

  it('bad YAML names the line', () => {
    const e = caught(() => parseScenario('name: x\ntasks: [\n  - a: 1\n', 'bad.yaml'));
    expect(e.location.file).toBe('bad.yaml');
    expect(e.location.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/invalid YAML/);
  });

  it('a wrong field names its path and line', () => {
    const e = caught(() => parseScenario(yaml.replace('count: 6', 'count: -6'), 's.yaml'));
    expect(e.location.field).toBe('workforce.0.count');
    expect(e.location.line).toBe(yaml.split('\n').findIndex((l) => l.includes('count: 6')) + 1);
    const e2 = caught(() => parseScenario(yaml.replace('default: { a: 18, b: 2 }', 'law: { a: 18, b: 2 }')));
    expect(e2.message).toMatch(/no accuracy for domain "general"/);
    const mixed = yaml.replace(
      '  - type: preference\n    domain: general\n    count: 10',
      '  - type: label\n    domain: general\n    count: 10\n    labels: [safe, unsafe]',
    );
    expect(mixed).not.toBe(yaml);
    expect(caught(() => parseScenario(mixed)).location.field).toBe('tasks.1.type');
    const e3 = caught(() => parseScenario(yaml.replace('{ mean: 0.65, sd: 0.08 }', '{ mean: 0.65, sd: 0.6 }')));
    expect(e3.location.field).toBe('workforce.0.accuracy.medicine.sd');
  });
});

describe('buildWorld', () => {
  const s = parseScenario(yaml);
  it('draws the same world for a seed and another for another seed', () => {
    expect(buildWorld(s)).toEqual(buildWorld(s));
    expect(buildWorld(s, 8)).not.toEqual(buildWorld(s));
  });
  it('has the task mix and the workforce the scenario asked for', () => {
    const w = buildWorld(s);
    expect(w.tasks).toHaveLength(35);
    expect(w.tasks.filter((t) => t.isGold)).toHaveLength(5);
    expect(w.tasks.filter((t) => t.domain === 'general').every((t) => t.classes.length === 2)).toBe(true);
    expect(w.tutors.map((t) => t.group)).toEqual(['gen', 'gen', 'gen', 'gen', 'gen', 'gen', 'spec', 'spec']);
    expect(w.tutors[6].shiftLengthMs).toBe(4 * 3_600_000);
    expect(w.tutors[6].lifeMs).toBe(Infinity);
    expect(Number.isFinite(w.tutors[0].lifeMs)).toBe(true);
  });
  it('answers correctly at the modelled rate', () => {
    const w = buildWorld(s);
    const tutor = { ...w.tutors[0], accuracy: { medicine: 0.8, general: 0.8 } };
    const task = { ...w.tasks[0], difficulty: 0.5 };
    // 1/2 + (0.8 − 1/2)(1 − 0.5) = 0.65
    expect(pCorrect(tutor, task)).toBeCloseTo(0.65, 12);
    const rng = createRng(3);
    let right = 0;
    for (let i = 0; i < 20_000; i++) if (answer(rng, tutor, task) === task.truth) right++;
    expect(right / 20_000).toBeGreaterThan(0.635);
    expect(right / 20_000).toBeLessThan(0.665);
  });
  it('shifts: waits for the next shift start', () => {
    const t = { ...buildWorld(s).tutors[6], shiftStartMs: 9 * 3_600_000, shiftLengthMs: 4 * 3_600_000 };
    expect(nextOnShift(t, 0)).toBe(9 * 3_600_000);
    expect(nextOnShift(t, 10 * 3_600_000)).toBe(10 * 3_600_000);
    expect(nextOnShift(t, 14 * 3_600_000)).toBe(DAY_MS + 9 * 3_600_000);
  });
});

describe('model groups and the cascade', () => {
  const judge = `
  - name: judge
    tier: model
    count: 1
    accuracy: { default: { mean: 0.8, sd: 0.01 } }
    positionBias: 0.4
    speed: { medianSeconds: 10 }
    pay: { model: per_task, rate: 1 }`;
  const withJudge = yaml
    .replace('workforce:', `workforce:${judge}`)
    .replace('  adaptive: { targetConfidence: 0.95, min: 2, max: 5 }\n', '')
    .replace(
      '  goldRate: 0.1\n',
      '  goldRate: 0.1\n  tiers: [model, generalist, specialist]\n  cascade: { tiers: [model, generalist, specialist], targetConfidence: 0.9 }\n',
    );

  it('parses a judge and a cascade; the judge is priced per judgment and its tier must be admitted', () => {
    const s = parseScenario(withJudge);
    expect(s.workforce[0]).toMatchObject({ tier: 'model', positionBias: 0.4 });
    expect(s.project.cascade).toMatchObject({ tiers: ['model', 'generalist', 'specialist'], targetConfidence: 0.9 });
    expect(
      caught(() => parseScenario(withJudge.replace('pay: { model: per_task, rate: 1 }', 'pay: { model: hourly, rate: 1 }'))).location.field,
    ).toBe('workforce.0.pay.model');
    const notAdmitted = caught(() =>
      parseScenario(withJudge.replace('tiers: [model, generalist, specialist]\n', 'tiers: [generalist, specialist]\n')),
    );
    expect(notAdmitted.message).toMatch(/tier "model": add it to project.tiers/);
  });

  it('a position-biased judge picks the first response at the stated extra rate', () => {
    const w = buildWorld(parseScenario(withJudge));
    const tutor = { ...w.tutors[0], accuracy: { medicine: 0.8, general: 0.8 } };
    const rng = createRng(5);
    // On an item whose truth is b: right with (1 − 0.4) · 0.8 = 0.48; on one whose truth is a: 0.4 + 0.6 · 0.8 = 0.88.
    for (const [truth, expected] of [
      [1, 0.48],
      [0, 0.88],
    ] as const) {
      const task = { ...w.tasks[0], truth, difficulty: 0 };
      let right = 0;
      for (let i = 0; i < 20_000; i++) if (answer(rng, tutor, task) === truth) right++;
      expect(Math.abs(right / 20_000 - expected)).toBeLessThan(0.015);
    }
  });
});

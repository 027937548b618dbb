import { describe, expect, it } from 'vitest';
import { responseSchemaFor } from '../../../src/domain/responses.js';
import { rubricGoldMatch } from '../../../src/domain/rubricGold.js';
import { PAYLOAD_SCHEMAS } from '../../../src/domain/tasks.js';
import { agreementPerCriterion, consensusFor, ESSENTIAL_CAP, gradingOf, rubricScore } from '../../../src/quality/rubric/rubricScore.js';

const criteria = [
  { id: 'c1', weight: 3, essential: true },
  { id: 'c2', weight: 1, essential: false },
  { id: 'c3', weight: 4, essential: false },
];
const rules = { multiLabel: false, requireRationale: false };
const met = (...ids: string[]) => new Map(criteria.map((c) => [c.id, ids.includes(c.id)]));

describe('rubric score', () => {
  it('is the weighted share of met criteria', () => {
    expect(rubricScore(criteria, met('c1', 'c2', 'c3'))).toBe(1);
    expect(rubricScore(criteria, met('c1', 'c2'))).toBeCloseTo(4 / 8, 10);
    expect(rubricScore(criteria, met('c1', 'c3'))).toBeCloseTo(7 / 8, 10);
  });
  it('caps the score when an essential criterion is unmet', () => {
    // Without the cap c2 + c3 would score 5/8.
    expect(rubricScore(criteria, met('c2', 'c3'))).toBe(ESSENTIAL_CAP);
    // Below the cap the share stands.
    expect(rubricScore(criteria, met('c2'))).toBeCloseTo(1 / 8, 10);
  });
});

describe('consensus and agreement per criterion', () => {
  const g = (r: Record<string, string[]>) =>
    gradingOf({
      grades: Object.entries(r).map(([response, ids]) => ({
        response,
        verdicts: criteria.map((c) => ({ criterion: c.id, met: ids.includes(c.id) })),
      })),
    });
  const gradings = [g({ a: ['c1', 'c2'], b: ['c3'] }), g({ a: ['c1'], b: ['c3'] }), g({ a: ['c1', 'c2'], b: [] })];
  it('takes the majority, a tie being unmet and split', () => {
    const a = consensusFor(criteria, 'a', gradings);
    expect(a.map((c) => [c.criterion, c.met, c.metVotes, c.votes])).toEqual([
      ['c1', true, 3, 3],
      ['c2', true, 2, 3],
      ['c3', false, 0, 3],
    ]);
    const tie = consensusFor(criteria, 'b', gradings.slice(1));
    expect(tie[2]).toMatchObject({ criterion: 'c3', met: false, split: true });
  });
  it('measures percent agreement per criterion over responses', () => {
    const agreement = agreementPerCriterion(criteria, ['a', 'b'], gradings);
    expect(agreement.get('c1')).toBe(1);
    // c2: on a 2 of 3 agree (1/3 of pairs), on b all agree (1) → mean 2/3.
    expect(agreement.get('c2')).toBeCloseTo(2 / 3, 10);
    expect(agreement.get('c3')).toBeCloseTo(2 / 3, 10);
  });
});

describe('rubric responses and gold', () => {
  const payload = PAYLOAD_SCHEMAS.rubric.parse({
    stage: 'grade',
    prompt: 'Q',
    responses: [{ id: 'a', text: 'Take ibuprofen with food.' }],
    rubric: { item: 'q1', version: 1 },
    criteria: [
      { id: 'c1', text: 'mentions food', weight: 2, essential: true },
      { id: 'c2', text: 'warns about kidneys', weight: 1 },
    ],
  });
  const schema = responseSchemaFor('rubric', payload, rules);
  const grade = (verdicts: unknown[]) => ({ stage: 'grade', grades: [{ response: 'a', verdicts }] });
  it('accepts a complete grading whose evidence is quoted', () => {
    const ok = schema.safeParse(
      grade([
        { criterion: 'c1', met: true, evidence: 'with food' },
        { criterion: 'c2', met: false },
      ]),
    );
    expect(ok.success).toBe(true);
  });
  it('refuses evidence that is not in the response, a missing criterion and a wrong stage, naming the field', () => {
    const quote = schema.safeParse(
      grade([
        { criterion: 'c1', met: true, evidence: 'on an empty stomach' },
        { criterion: 'c2', met: false },
      ]),
    );
    expect(quote.error?.issues[0]).toMatchObject({
      path: ['grades', 0, 'verdicts', 0, 'evidence'],
      message: 'must be a quote from the response',
    });
    const missing = schema.safeParse(grade([{ criterion: 'c1', met: true }]));
    expect(missing.error?.issues[0].path).toEqual(['grades', 0, 'verdicts']);
    const stage = schema.safeParse({ stage: 'review', decision: 'approve' });
    expect(stage.error?.issues[0]).toMatchObject({ path: ['stage'], message: 'this task is the grade stage' });
  });
  it('asks for a comment when a review sends a rubric back', () => {
    const review = PAYLOAD_SCHEMAS.rubric.parse({ ...payload, stage: 'review' });
    const s = responseSchemaFor('rubric', review, rules);
    expect(s.safeParse({ stage: 'review', decision: 'send_back' }).error?.issues[0].path).toEqual(['comment']);
    expect(s.safeParse({ stage: 'review', decision: 'send_back', comment: 'c2 is vague' }).success).toBe(true);
  });
  it('grades gold verdicts by share', () => {
    const gold = {
      grades: [
        {
          response: 'a',
          verdicts: [
            { criterion: 'c1', met: true },
            { criterion: 'c2', met: false },
          ],
        },
      ],
    };
    expect(
      rubricGoldMatch(
        grade([
          { criterion: 'c1', met: true },
          { criterion: 'c2', met: false },
        ]),
        gold,
      ),
    ).toEqual({ correct: true, score: 1 });
    expect(
      rubricGoldMatch(
        grade([
          { criterion: 'c1', met: false },
          { criterion: 'c2', met: false },
        ]),
        gold,
      ),
    ).toEqual({ correct: false, score: 0.5 });
    expect(rubricGoldMatch({}, { explanation: 'x' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { PAYLOAD_SCHEMAS } from '../../../src/domain/tasks.js';
import { responseSchemaFor } from '../../../src/domain/responses.js';
import { describeIssues } from '../../../src/domain/validation.js';
import { ProjectInput } from '../../../src/domain/projects.js';

const preference = PAYLOAD_SCHEMAS.preference.parse({
  prompt: 'Is ibuprofen safe with warfarin?',
  responses: [
    { id: 'a', text: 'No: it raises bleeding risk.' },
    { id: 'b', text: 'Yes, always.' },
  ],
});
const rules = { rubric: undefined, labels: undefined, multiLabel: false, requireRationale: false };

function fieldsOf(result: { success: boolean; error?: unknown }): string[] {
  if (result.success) return [];
  return describeIssues(result.error as never).map((i) => i.field);
}

describe('task payloads', () => {
  it('refuses a preference task with one response, naming the field', () => {
    const r = PAYLOAD_SCHEMAS.preference.safeParse({ prompt: 'p', responses: [{ id: 'a', text: 'x' }] });
    expect(fieldsOf(r)).toEqual(['responses']);
  });
  it('refuses duplicate response ids in a ranking', () => {
    const r = PAYLOAD_SCHEMAS.ranking.safeParse({
      prompt: 'p',
      responses: [
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' },
      ],
    });
    expect(r.success).toBe(false);
  });
  it('needs text or messages for a label task', () => {
    expect(fieldsOf(PAYLOAD_SCHEMAS.label.safeParse({}))).toEqual(['text']);
    expect(PAYLOAD_SCHEMAS.label.safeParse({ messages: [{ role: 'user', content: 'hi' }] }).success).toBe(true);
  });
});

describe('responses checked against their task and project', () => {
  it('accepts a valid preference and refuses an unknown choice on the choice field', () => {
    const schema = responseSchemaFor('preference', preference, rules);
    expect(schema.safeParse({ choice: 'a', strength: 3 }).success).toBe(true);
    expect(schema.safeParse({ choice: 'tie' }).success).toBe(true);
    expect(fieldsOf(schema.safeParse({ choice: 'c' }))).toEqual(['choice']);
  });
  it('demands a rationale when the project asks for one', () => {
    const schema = responseSchemaFor('preference', preference, { ...rules, requireRationale: true });
    expect(fieldsOf(schema.safeParse({ choice: 'a' }))).toEqual(['rationale']);
    expect(schema.safeParse({ choice: 'a', rationale: 'B is dangerous' }).success).toBe(true);
  });
  it('requires a full order for rankings', () => {
    const payload = PAYLOAD_SCHEMAS.ranking.parse({ prompt: 'p', responses: ['x', 'y', 'z'].map((id) => ({ id, text: id })) });
    const schema = responseSchemaFor('ranking', payload, rules);
    expect(schema.safeParse({ order: ['z', 'x', 'y'] }).success).toBe(true);
    expect(fieldsOf(schema.safeParse({ order: ['z', 'x', 'x'] }))).toEqual(['order']);
  });
  it('checks every rubric axis and its scale', () => {
    const payload = PAYLOAD_SCHEMAS.rating.parse({ prompt: 'p', response: { text: 'r' } });
    const rubric = [
      { name: 'accuracy', scale: 5 },
      { name: 'safety', scale: 3 },
    ];
    const schema = responseSchemaFor('rating', payload, { ...rules, rubric });
    expect(schema.safeParse({ scores: { accuracy: 5, safety: 3 } }).success).toBe(true);
    expect(fieldsOf(schema.safeParse({ scores: { accuracy: 6 } }))).toEqual(['scores.accuracy', 'scores.safety']);
    expect(fieldsOf(schema.safeParse({ scores: { accuracy: 1, safety: 1, tone: 2 } }))).toEqual(['scores.tone']);
  });
  it('keeps labels inside the label set and single unless multi-label', () => {
    const payload = PAYLOAD_SCHEMAS.label.parse({ text: 'how do I pick a lock' });
    const labels = ['safe', 'harmful', 'borderline'];
    const single = responseSchemaFor('label', payload, { ...rules, labels });
    expect(single.safeParse({ labels: ['harmful'] }).success).toBe(true);
    expect(fieldsOf(single.safeParse({ labels: ['evil'] }))).toEqual(['labels.0']);
    expect(fieldsOf(single.safeParse({ labels: ['safe', 'harmful'] }))).toEqual(['labels']);
    const multi = responseSchemaFor('label', payload, { ...rules, labels, multiLabel: true });
    expect(multi.safeParse({ labels: ['safe', 'borderline'] }).success).toBe(true);
  });
  it('wants one verdict per reasoning step', () => {
    const payload = PAYLOAD_SCHEMAS.steps.parse({ prompt: '2+2*2', steps: ['2*2=4', '2+4=6'] });
    const schema = responseSchemaFor('steps', payload, rules);
    expect(schema.safeParse({ verdicts: ['correct', 'correct'] }).success).toBe(true);
    expect(fieldsOf(schema.safeParse({ verdicts: ['correct'] }))).toEqual(['verdicts']);
  });
  it('refuses an empty rewrite', () => {
    const payload = PAYLOAD_SCHEMAS.rewrite.parse({ prompt: 'p', response: { text: 'r' } });
    expect(fieldsOf(responseSchemaFor('rewrite', payload, rules).safeParse({ text: '   ' }))).toEqual(['text']);
  });
});

describe('projects', () => {
  it('fills defaults and demands a rubric for rating projects', () => {
    const p = ProjectInput.parse({ name: 'x', type: 'preference', domains: ['medicine'] });
    expect(p.overlap).toBe(3);
    expect(p.eligibility.tiers).toEqual(['generalist', 'specialist']);
    const bad = ProjectInput.safeParse({ name: 'y', type: 'rating', domains: ['law'] });
    expect(fieldsOf(bad)).toEqual(['rubric']);
  });
  it('refuses a domain that is not a slug', () => {
    expect(fieldsOf(ProjectInput.safeParse({ name: 'z', type: 'label', domains: ['Medicine & Law'], labels: ['a'] }))).toEqual([
      'domains.0',
    ]);
  });
});

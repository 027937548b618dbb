/** Tasks for the e2e runs: one project per task type, with Markdown, code and math in the text. */
import type { ProjectInput } from '../../../src/domain/projects.js';

export interface FixtureProject {
  input: ProjectInput;
  tasks: object[];
}

const MD_PROMPT = 'What is $\\int_0^1 x^2\\,dx$? Show a **Python** check.';
const CODE_A = 'The integral is $\\frac{1}{3}$.\n\n```python\nfrom fractions import Fraction\nprint(Fraction(1, 3))\n```';
const CODE_B = 'It is **one half**, because $x^2$ grows slowly.';

const pref = (i: number) => ({
  id: `pref-${i}`,
  type: 'preference',
  domain: 'general',
  prompt: i === 1 ? MD_PROMPT : `Preference question number ${i}: which greeting is friendlier?`,
  responses:
    i === 1
      ? [
          { id: 'a', text: CODE_A, model: 'm1' },
          { id: 'b', text: CODE_B, model: 'm2' },
        ]
      : [
          { id: 'a', text: `Hello there, friend #${i}!`, model: 'm1' },
          { id: 'b', text: `State your business #${i}.`, model: 'm2' },
        ],
});

/** One for the keyboard walk-through, then enough submits to time submit→next over several samples. */
export const PREFERENCE_TASKS = 12;

export const FIXTURES: Record<string, FixtureProject> = {
  preference: {
    input: {
      name: 'E2E preference',
      type: 'preference',
      domains: ['general'],
      overlap: 1,
      goldRate: 0,
      instructions: 'Pick the **better** answer.',
    },
    tasks: Array.from({ length: PREFERENCE_TASKS }, (_, k) => pref(k + 1)),
  },
  ranking: {
    input: { name: 'E2E ranking', type: 'ranking', domains: ['general'], overlap: 1, requireRationale: true },
    tasks: [
      {
        id: 'rank-1',
        type: 'ranking',
        domain: 'general',
        prompt: 'Order these capitals answers for "capital of Australia?"',
        responses: [
          { id: 'a', text: 'Sydney.' },
          { id: 'b', text: 'Canberra.' },
          { id: 'c', text: 'Canberra, in the ACT.' },
        ],
      },
    ],
  },
  rating: {
    input: {
      name: 'E2E rating',
      type: 'rating',
      domains: ['general'],
      overlap: 1,
      rubric: [
        { name: 'accuracy', description: 'Is it correct?', scale: 5 },
        { name: 'clarity', scale: 5 },
      ],
    },
    tasks: [
      {
        id: 'rate-1',
        type: 'rating',
        domain: 'general',
        prompt: 'Explain `git rebase` briefly.',
        response: { id: 'r', text: 'It replays your commits on top of another base.\n\n```bash\ngit rebase main\n```' },
      },
    ],
  },
  label: {
    input: { name: 'E2E label', type: 'label', domains: ['general'], overlap: 1, labels: ['benign', 'medical', 'legal'] },
    tasks: [{ id: 'label-1', type: 'label', domain: 'general', text: 'What dose of ibuprofen is safe for an adult?' }],
  },
  rewrite: {
    input: { name: 'E2E rewrite', type: 'rewrite', domains: ['general'], overlap: 1 },
    tasks: [
      {
        id: 'rewrite-1',
        type: 'rewrite',
        domain: 'general',
        prompt: 'Tell a patient how to take antibiotics.',
        response: { id: 'r', text: 'Take them until you feel better.' },
      },
    ],
  },
  demonstration: {
    input: { name: 'E2E demonstration', type: 'demonstration', domains: ['general'], overlap: 1 },
    tasks: [{ id: 'demo-1', type: 'demonstration', domain: 'general', prompt: 'Write a function that reverses a string in TypeScript.' }],
  },
  steps: {
    input: { name: 'E2E steps', type: 'steps', domains: ['general'], overlap: 1 },
    tasks: [
      {
        id: 'steps-1',
        type: 'steps',
        domain: 'general',
        prompt: 'Solve $2x + 3 = 7$.',
        steps: ['Subtract 3 from both sides: $2x = 4$.', 'Divide by 3: $x = 4/3$.', 'So the answer is a number.'],
      },
    ],
  },
};

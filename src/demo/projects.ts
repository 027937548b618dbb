/**
 * The demo's projects: one per task type, so a tutor can try every kind of work. Generalists can
 * do the safety and math projects; the specialist projects check certification per task domain,
 * and mix two domains so each demo specialist finds work of every type. Two more projects are
 * question banks, not work: medicine practice (with feedback) and the medicine exam, so a generalist
 * can reskill into a certified medicine specialist. The rubric pair (authoring for certified specialists,
 * grading for anyone) shows the rubric-as-reward workflow on medicine and law prompts.
 */
import type { ProjectInput } from '../domain/projects.js';

export interface DemoProject {
  input: ProjectInput;
  /** Files in demo/tasks/. */
  file: string;
  /** A rubric authoring project: the demo project (by name) its approved rubrics are graded in, created before it. */
  rubricGradingProjectName?: string;
}

const RUBRIC_GRADING = 'Rubric grading: medicine and law';

const RED_TEAM_WARNING =
  'Content warning: these conversations come from the HH-RLHF red-team set (Anthropic, MIT licence). ' +
  'People wrote them on purpose to provoke harmful answers, so the text is offensive by design. ' +
  'You may skip any task at any time.';

export const DEMO_PROJECTS: DemoProject[] = [
  {
    file: 'safety-preference.jsonl',
    input: {
      name: 'Safety: which reply is less harmful?',
      type: 'preference',
      domains: ['safety'],
      overlap: 3,
      goldRate: 0.1,
      payPerTask: 40,
      // The quality loop on: stop an item at 90% posterior (2 to 5 judgments), low-confidence
      // items to review, and live gold that suspends a certification when accuracy drops.
      quality: {
        consensusMethod: 'mace',
        adaptiveOverlap: { targetConfidence: 0.9, minJudgments: 2, maxJudgments: 5 },
        reviewBelowConfidence: 0.7,
        goldSuspension: { threshold: 0.6, minGold: 10, window: 50 },
        trustedReliability: 0.85,
      },
      instructions: `${RED_TEAM_WARNING}\n\nRead the conversation and the two candidate assistant replies. Choose the reply that is **less harmful** while still being honest and as helpful as is safe. Use "tie" only when neither is better. Strength: 1 slightly, 2 clearly, 3 much better.`,
    },
  },
  {
    file: 'safety-label.jsonl',
    input: {
      name: 'Safety: classify red-team requests',
      type: 'label',
      domains: ['safety'],
      overlap: 3,
      goldRate: 0.1,
      payPerTask: 20,
      labels: ['benign', 'violence', 'weapons', 'illegal_activity', 'hate_harassment', 'sexual', 'self_harm', 'privacy', 'misinformation'],
      multiLabel: true,
      instructions: `${RED_TEAM_WARNING}\n\nLabel the user's request with every harm category that applies, or "benign" if none does.`,
    },
  },
  {
    file: 'math-steps.jsonl',
    input: {
      name: 'Math: check each step of a solution',
      type: 'steps',
      domains: ['math'],
      overlap: 3,
      goldRate: 0.1,
      payPerTask: 60,
      instructions:
        'Problems from MT-Bench (lm-sys/FastChat, Apache-2.0) with a model-written solution split into steps. Mark each step correct, incorrect, or neutral (neither advances nor harms the solution). A step that builds on an earlier mistake is incorrect.',
    },
  },
  {
    file: 'code-demonstration.jsonl',
    input: {
      name: 'Code: write a reference solution',
      type: 'demonstration',
      domains: ['code'],
      overlap: 1,
      payPerTask: 400,
      eligibility: { tiers: ['specialist'], requireCertification: false },
      instructions:
        'Programming questions from MT-Bench (Apache-2.0). Write the answer you would want a model to learn from: correct, idiomatic code with a short explanation of the approach and its complexity.',
    },
  },
  {
    file: 'rating.jsonl',
    input: {
      name: 'Rate answers: medicine and code',
      type: 'rating',
      domains: ['medicine', 'code'],
      overlap: 2,
      goldRate: 0.1,
      payPerTask: 150,
      eligibility: { tiers: ['specialist'], requireCertification: true },
      rubric: [
        { name: 'accuracy', description: 'Is every claim correct and current?', scale: 5 },
        { name: 'safety', description: 'Could following this answer cause harm? 5 = no risk, 1 = dangerous.', scale: 5 },
        { name: 'clarity', description: 'Would the person asking understand and be able to act on it?', scale: 5 },
      ],
      instructions:
        'Score the model answer on each axis from 1 (poor) to 5 (excellent). Explain any score of 2 or lower in the comment. Medicine items were written for this demo; code items are MT-Bench questions with GPT-4 reference answers.',
    },
  },
  {
    file: 'ranking.jsonl',
    input: {
      name: 'Rank answers: law and medicine',
      type: 'ranking',
      domains: ['law', 'medicine'],
      overlap: 2,
      payPerTask: 120,
      eligibility: { tiers: ['specialist'], requireCertification: true },
      instructions:
        'Order the answers from best to worst for the person asking: correctness for their jurisdiction or situation first, then whether it tells them what to do next, then clarity.',
    },
  },
  {
    file: 'rewrite.jsonl',
    input: {
      name: 'Rewrite for patients and clients',
      type: 'rewrite',
      domains: ['medicine', 'law'],
      overlap: 1,
      payPerTask: 300,
      eligibility: { tiers: ['specialist'], requireCertification: true },
      instructions:
        'Rewrite the model answer so that it is correct, safe and written for a non-specialist: plain words, what to do next, and when to get professional help. Keep it short.',
    },
  },
  {
    file: 'rubric-grading.jsonl',
    input: {
      name: RUBRIC_GRADING,
      type: 'rubric',
      domains: ['medicine', 'law'],
      overlap: 2,
      payPerTask: 80,
      instructions:
        'For each answer, mark every criterion of the rubric met or not met, and quote the words of the answer that show it. Judge only what the criterion says; an unmet essential criterion caps the score.',
    },
  },
  {
    file: 'rubric-authoring.jsonl',
    rubricGradingProjectName: RUBRIC_GRADING,
    input: {
      name: 'Rubric authoring: medicine and law',
      type: 'rubric',
      domains: ['medicine', 'law'],
      overlap: 1,
      payPerTask: 250,
      eligibility: { tiers: ['specialist'], requireCertification: true },
      instructions:
        'Write the checklist a good answer to this prompt must pass: each criterion checkable as yes or no, weighted 1 (minor) to 10 (major); mark essential the ones without which the answer is unsafe or wrong. Reviewers approve a rubric or send it back with a comment; approved rubrics go to grading.',
    },
  },
  {
    file: 'conversation.jsonl',
    input: {
      name: 'Conversations: judge each assistant turn',
      type: 'conversation',
      domains: ['general', 'math'],
      overlap: 2,
      goldRate: 0.1,
      payPerTask: 120,
      rubric: [
        { name: 'correctness', description: 'Is what the turn says right?', scale: 5 },
        { name: 'helpfulness', description: 'Does it do what the user asked, in this turn?', scale: 5 },
      ],
      labels: ['fine', 'wrong', 'ignores_instruction', 'unsafe'],
      instructions:
        'Two-turn conversations from MT-Bench (lm-sys/FastChat, Apache-2.0) with GPT-4 reference answers. Score each assistant turn, label it, and mark the first turn that goes wrong (or none). Rewrite a turn that is wrong: the rewrite becomes training data.',
    },
  },
  {
    file: 'medicine-practice.jsonl',
    input: {
      name: 'Practice: medicine',
      type: 'preference',
      domains: ['medicine'],
      purpose: 'practice',
      overlap: 1,
      instructions:
        'Practice for the medicine certification: choose the answer that is medically correct and safe. After each answer you see the right one and why.',
    },
  },
  {
    file: 'medicine-exam.jsonl',
    input: {
      name: 'Exam bank: medicine',
      type: 'preference',
      domains: ['medicine'],
      purpose: 'exam',
      overlap: 1,
      instructions: 'Questions for the medicine certification exam. Never served as work, never exported.',
    },
  },
];

/** The certification exam built from the medicine exam bank. */
export const DEMO_EXAMS = [{ domain: 'medicine', name: 'Medicine certification', questionCount: 5, passMark: 0.8, cooldownHours: 24 }];

/**
 * The demo's people. The passwords are fixed and public (printed at start and in the README):
 * they exist only so someone can try the product in a minute, and must never reach a real deployment.
 */
import type { UserInput } from '../domain/users.js';

export interface DemoAccount extends UserInput {
  /** Who this person is in the story, shown next to the credentials. */
  persona: string;
  certifications?: { domain: string; level: number; source: 'granted' }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@tutorloop.example',
    password: 'demo-admin-2026',
    name: 'Ada Admin',
    role: 'admin',
    tier: 'generalist',
    persona: 'admin: users, audit log, everything',
  },
  {
    email: 'manager@tutorloop.example',
    password: 'demo-manager-2026',
    name: 'Maya Manager',
    role: 'manager',
    tier: 'generalist',
    persona: 'manager: projects, imports, exports, quality',
  },
  {
    email: 'reviewer@tutorloop.example',
    password: 'demo-reviewer-2026',
    name: 'Ravi Reviewer',
    role: 'reviewer',
    tier: 'specialist',
    domains: ['medicine', 'safety'],
    persona: 'reviewer (certified: medicine, safety): the review queue',
    certifications: [
      { domain: 'medicine', level: 3, source: 'granted' },
      { domain: 'safety', level: 3, source: 'granted' },
    ],
  },
  {
    email: 'dr.okafor@tutorloop.example',
    password: 'demo-specialist-2026',
    name: 'Dr. Amara Okafor',
    role: 'tutor',
    tier: 'specialist',
    domains: ['medicine', 'safety'],
    payModel: 'hourly',
    payRate: 9000,
    persona: 'specialist tutor, physician (certified: medicine, safety)',
    certifications: [
      { domain: 'medicine', level: 3, source: 'granted' },
      { domain: 'safety', level: 2, source: 'granted' },
    ],
  },
  {
    email: 'd.reyes@tutorloop.example',
    password: 'demo-specialist-2026',
    name: 'Daniel Reyes',
    role: 'tutor',
    tier: 'specialist',
    // A specialist only receives tasks in their own domains (src/routing/eligibility.ts): Daniel's
    // four cover every demo project, so he can try all nine task types.
    domains: ['law', 'code', 'math', 'safety'],
    payModel: 'hourly',
    payRate: 8000,
    persona: 'specialist tutor, lawyer turned software engineer (certified: law, code); sees all 9 task types',
    certifications: [
      { domain: 'law', level: 3, source: 'granted' },
      { domain: 'code', level: 2, source: 'granted' },
    ],
  },
  {
    email: 'sam@tutorloop.example',
    password: 'demo-generalist-2026',
    name: 'Sam Lee',
    role: 'tutor',
    tier: 'generalist',
    payModel: 'per_task',
    payRate: 60,
    persona: 'generalist tutor; can practise medicine and take its exam',
  },
  {
    email: 'jo@tutorloop.example',
    password: 'demo-generalist-2026',
    name: 'Jo Park',
    role: 'tutor',
    tier: 'generalist',
    payModel: 'per_task',
    payRate: 60,
    persona: 'generalist tutor',
  },
];

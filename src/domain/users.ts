/**
 * People: roles decide what a user may do; tier and domains decide which work reaches a tutor.
 */
import { z } from 'zod';
import { Password } from './passwordPolicy.js';
import { DomainName } from './tasks.js';

export const ROLES = ['admin', 'manager', 'reviewer', 'tutor'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Rank of each role: a role may do everything a lower one may (admin > manager > reviewer > tutor). */
export const ROLE_RANK: Record<Role, number> = { tutor: 0, reviewer: 1, manager: 2, admin: 3 };
export const atLeast = (role: Role, minimum: Role) => ROLE_RANK[role] >= ROLE_RANK[minimum];

export const TIERS = ['generalist', 'specialist', 'model'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const PayModel = z.enum(['per_task', 'hourly']);
export type PayModel = z.infer<typeof PayModel>;

export const UserInput = z.object({
  email: z
    .string()
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().min(1).max(200),
  role: Role.default('tutor'),
  tier: Tier.default('generalist'),
  domains: z.array(DomainName).default([]),
  payModel: PayModel.default('per_task'),
  /** Cents per task (per_task) or cents per hour (hourly). */
  payRate: z.number().int().min(0).default(0),
  /** Checked against the password policy (domain/passwordPolicy.ts). */
  password: Password,
});
export type UserInput = z.input<typeof UserInput>;

/**
 * A certification granted by a manager. Exam certifications are recorded only by a passed exam
 * attempt (services/exams/submitAttempt.ts), so nobody can claim an exam that did not happen.
 */
export const CertificationInput = z.strictObject({
  domain: DomainName,
  level: z.number().int().min(1).max(5).default(1),
  source: z
    .literal('granted', { error: 'a manager can only grant (source "granted"); exam certifications are recorded by passing the exam' })
    .default('granted'),
});
export type CertificationInput = z.input<typeof CertificationInput>;

/** A user as every layer above the store sees them: domains parsed, `disabled` a boolean, times in ms. */
export interface UserRecord {
  id: number;
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  domains: string[];
  payModel: PayModel;
  payRate: number;
  disabled: boolean;
  createdAt: number;
}

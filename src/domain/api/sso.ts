/**
 * Single sign-on with OpenID Connect: /api/sso. Admins set the provider (the client secret is write-only:
 * it is stored encrypted and never returned); the sign-in page reads whether SSO and passwords are on.
 */
import { z } from 'zod';
import { DomainName } from '../tasks.js';
import { Role, Tier } from '../users.js';

/** A claim value that gives a role, tier and/or domains; the first matching rule sets role and tier, domains add up. */
export const ClaimRule = z.object({
  /** Claim name in the ID token or userinfo, e.g. `groups` or `department`. */
  claim: z.string().trim().min(1).max(100),
  /** Matches when the claim equals this value, or is an array containing it. */
  value: z.string().max(200),
  role: Role.optional(),
  tier: Tier.optional(),
  domains: z.array(DomainName).max(100).optional(),
});
export type ClaimRule = z.output<typeof ClaimRule>;

const Issuer = z
  .string()
  .trim()
  .max(500)
  .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), 'must be the issuer URL (https://…)');

export const SsoSettings = z.object({
  enabled: z.boolean(),
  issuer: Issuer,
  clientId: z.string().trim().min(1).max(300),
  /** Only users with an email in one of these domains may sign in (empty: any). */
  allowedEmailDomains: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(100).default([]),
  rules: z.array(ClaimRule).max(100).default([]),
  /** Create a user on their first SSO sign-in (else only users an admin created beforehand may sign in). */
  createUsers: z.boolean().default(false),
  /** Role and tier of a user created on first sign-in when no rule gives one. */
  defaultRole: Role.default('tutor'),
  defaultTier: Tier.default('generalist'),
  /** Whether email and password sign-in stays on beside SSO (`tutorloop sso set --password-sign-in on` is the way back). */
  passwordSignIn: z.boolean().default(true),
});
export type SsoSettings = z.output<typeof SsoSettings>;

/** PUT /api/sso/config: the settings, and the client secret when it changes (omit it to keep the stored one). */
export const SsoConfigInput = SsoSettings.extend({ clientSecret: z.string().min(1).max(1000).optional() });
export type SsoConfigInput = z.input<typeof SsoConfigInput>;

export const SsoConfigView = SsoSettings.extend({ hasClientSecret: z.boolean(), updatedAt: z.string() });
export type SsoConfigView = z.output<typeof SsoConfigView>;

export const SsoConfigAnswer = z.object({ config: SsoConfigView.nullable() });
export type SsoConfigAnswer = z.output<typeof SsoConfigAnswer>;

/** What the sign-in page needs to know (public). */
export const SsoStatus = z.object({ sso: z.boolean(), passwordSignIn: z.boolean() });
export type SsoStatus = z.output<typeof SsoStatus>;

export const SsoCallbackQuery = z.object({
  code: z.string().max(4000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
});

export const SignOutAnswer = z.object({
  /** Where to send the browser to end the provider's session too (RP-initiated logout), or null. */
  logoutUrl: z.string().nullable(),
});

/** People and their certifications: GET/POST/PATCH /api/users and /api/users/:id/certifications. */
import { z } from 'zod';
import { DomainName } from '../tasks.js';
import { Password } from '../passwordPolicy.js';
import { PayModel, Role, Tier } from '../users.js';
import { Id } from './common.js';

export { CertificationInput, UserInput } from '../users.js';

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: Role,
    tier: Tier,
    domains: z.array(z.string()),
    payModel: PayModel,
    payRate: z.number().int(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.output<typeof UserSchema>;

export const CertificationSchema = z
  .object({
    domain: z.string(),
    level: z.number().int(),
    source: z.enum(['granted', 'exam']),
    grantedAt: z.string(),
  })
  .meta({ id: 'Certification' });
export type Certification = z.output<typeof CertificationSchema>;

export const UserListEntry = UserSchema.extend({
  certifications: z.array(CertificationSchema),
  stats: z.object({ judgments: z.number().int(), medianDurationMs: z.number().nullable() }),
});
export type UserListEntry = z.output<typeof UserListEntry>;

export const UserList = z.object({ users: z.array(UserListEntry) });
export type UserList = z.output<typeof UserList>;
export const UserOk = z.object({ user: UserSchema });
export const CertificationOk = z.object({ certification: CertificationSchema });
export type CertificationOk = z.output<typeof CertificationOk>;

export const RevokeCertificationParams = z.object({ id: Id, domain: DomainName });
export const RevokeCertificationBody = z.object({ reason: z.string().max(2000).optional() }).optional();

/** POST /api/users/:id/password: an admin sets a new password (the password policy applies). */
export const PasswordReset = z.strictObject({ password: Password });
export type PasswordReset = z.input<typeof PasswordReset>;

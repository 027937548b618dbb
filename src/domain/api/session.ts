/** Sign in, sign out, and who am I: /api/session and GET /api/me. */
import { z } from 'zod';
import { CertificationSchema, UserSchema } from './users.js';

export const Credentials = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(200),
});

export const SignedInOk = z.object({ user: UserSchema });
export type SignedInOk = z.output<typeof SignedInOk>;

export const Me = z.object({ user: UserSchema, certifications: z.array(CertificationSchema) });
export type Me = z.output<typeof Me>;

/**
 * The password policy, applied wherever a password is set (users created over the API, by
 * `tutorloop init`, by the demo): at least PASSWORD_MIN_LENGTH characters, at most 200, and not one
 * of the ~49,000 most common passwords. The list is `passwords-common` from @zxcvbn-ts/language-common
 * (the zxcvbn project's frequency list, compiled from leaked-password corpora), compared without
 * regard to case. Length and a blocklist are what NIST SP 800-63B asks for; composition rules
 * ("one digit, one symbol") are not, since they push people to predictable patterns.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;

let common: Set<string> | undefined;

/** True when the password (any case) is on the common-passwords list. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.normalize('NFKC').toLowerCase());
}

export const Password = z
  .string()
  .max(200, 'at most 200 characters')
  .refine((p) => [...p.normalize('NFKC')].length >= PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .refine((p) => !isCommonPassword(p), 'this is one of the most common passwords; choose another (a few unrelated words work well)');

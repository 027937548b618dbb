/**
 * Checking what a caller hands a use case (a request body, CLI options) against its zod schema,
 * so every service refuses bad input the same way: a UserInputError naming each wrong field.
 */
import type { z } from 'zod';
import { UserInputError } from './errors.js';

/** Turn a zod error into `field: message` pairs, the field as a dotted path. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

/** The parsed value, or a UserInputError naming every wrong field (the first one in its message). */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error);
  throw new UserInputError(problems[0].message, { field: problems[0].field }, problems);
}

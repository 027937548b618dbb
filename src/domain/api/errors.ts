/** The one error shape of every non-2xx answer: `{error: {code, message, problems?}}` (docs/api.md, "Errors"). */
import { z } from 'zod';

/** One bad line or field of the input; `line` for imports, `field` as a dotted path. */
export const Problem = z.object({
  line: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
});
export type Problem = z.output<typeof Problem>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      problems: z.array(Problem).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.output<typeof ErrorBody>;

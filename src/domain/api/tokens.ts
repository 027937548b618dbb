/** Personal API tokens: /api/tokens. The secret is in the create answer only. */
import { z } from 'zod';

export const TokenInput = z.object({ name: z.string().trim().min(1).max(100) });

export const TokenCreated = z.object({ id: z.number().int(), name: z.string(), token: z.string() });
export type TokenCreated = z.output<typeof TokenCreated>;

export const TokenList = z.object({
  tokens: z.array(z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
});
export type TokenList = z.output<typeof TokenList>;

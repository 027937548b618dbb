/** A chat turn and a model output as tasks show them (re-exported by tasks.ts, shared with rubric.ts). */
import { z } from 'zod';

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A model output shown to the tutor. `id` is how responses refer to it (choice, order). */
export const ModelResponse = z.object({
  id: z.string().min(1).max(64),
  text: z.string().min(1, 'must not be empty'),
  model: z.string().max(200).optional(),
});
export type ModelResponse = z.infer<typeof ModelResponse>;

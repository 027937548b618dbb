/**
 * Live conversations with models: /api/projects/:id/live-settings (manager, admin) and
 * /api/projects/:id/live-sessions (the tutor's own sessions). What a tutor reads never names a model:
 * reply ids are random and their order is shuffled; which endpoint wrote which reply stays server-side
 * (and in the finished task's export metadata).
 */
import { z } from 'zod';
import { LiveSettingsInput, MAX_LIVE_REPLIES } from '../live.js';
import { Id } from './common.js';

export { LiveSettingsInput };

export const LiveSettings = z
  .object({
    projectId: z.number().int(),
    /** Null when the project has none: live sessions are off. */
    settings: z
      .object({
        endpoints: z.array(z.string()),
        samples: z.number().int(),
        temperature: z.number(),
        maxTokens: z.number().int(),
        system: z.string().optional(),
        /** Replies per ask: endpoints × samples. */
        replies: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'LiveSettings' });
export type LiveSettings = z.output<typeof LiveSettings>;

export const LiveSessionParams = z.object({ id: Id, sessionId: Id });

export const LiveSessionCreate = z.object({
  /** One of the project's domains the tutor may work in; the first such when left out. */
  domain: z.string().min(1).max(100).optional(),
});

export const LiveAsk = z.object({
  /** The message index the user turn takes (the chat's length): a retry names the same index. */
  turn: z.number().int().min(0),
  content: z.string().trim().min(1, 'must not be empty').max(100_000),
});

export const LiveChoose = z.object({
  /** The message index of the assistant turn being chosen. */
  turn: z.number().int().min(0),
  /** Every reply id shown, best first. */
  order: z.array(z.string().min(1).max(64)).min(1).max(MAX_LIVE_REPLIES),
  /** The best reply as the tutor rewrote it; the chat continues from this text. */
  edit: z.string().trim().min(1, 'must not be empty').max(100_000).optional(),
});

export const LiveSession = z
  .object({
    id: z.number().int(),
    projectId: z.number().int(),
    domain: z.string(),
    state: z.enum(['open', 'finished']),
    /** The chat so far as it reads: each assistant turn is the reply chosen (or its edit). */
    messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
    /** Replies per ask. */
    replies: z.number().int(),
    /** The turn being asked: its replies in the order shown (blind ids), and how many are still coming or failed. */
    asking: z
      .object({
        turn: z.number().int(),
        replies: z.array(z.object({ id: z.string(), text: z.string() })),
        waiting: z.number().int(),
        failed: z.number().int(),
      })
      .nullable(),
    /** The conversation task a finished session became (its external id). */
    taskId: z.string().nullable(),
  })
  .meta({ id: 'LiveSession' });
export type LiveSession = z.output<typeof LiveSession>;

export const LiveSessionList = z.object({ sessions: z.array(LiveSession) });

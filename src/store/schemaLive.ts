/** The tables of live conversations with models (migration 022), part of `Database` in schema.ts. */
import type { Generated } from 'kysely';

export interface LiveSettingsTable {
  project_id: number;
  /** JSON: domain/live.ts StoredLiveSettings. */
  settings: string;
  updated_by: number | null;
  updated_at: number;
}

export interface LiveSessionsTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  domain: string;
  state: 'open' | 'finished';
  /** JSON: ConversationTurn[] (domain/conversation.ts). */
  messages: string;
  /** JSON: assistant turn index → reply ids, best first. */
  rankings: string;
  version: number;
  task_id: number | null;
  created_at: number;
  updated_at: number;
}

export type LiveReplyState = 'pending' | 'calling' | 'done' | 'failed';

export interface LiveRepliesTable {
  id: Generated<number>;
  session_id: number;
  turn: number;
  reply_id: string;
  position: number;
  endpoint_id: number;
  sample: number;
  state: LiveReplyState;
  claimed_at: number | null;
  text: string | null;
  /** JSON: which endpoint and model wrote it, tokens, cost (server-side and export metadata only). */
  provenance: string | null;
  error: string | null;
}

export interface LiveTables {
  live_settings: LiveSettingsTable;
  live_sessions: LiveSessionsTable;
  live_replies: LiveRepliesTable;
}

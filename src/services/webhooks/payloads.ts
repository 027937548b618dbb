/**
 * The body of a webhook: `{ type, timestamp, data }` as the Standard Webhooks specification suggests.
 * Rendered from the event's subject (internal ids) at delivery, a whole batch at once: one read per kind
 * of subject in the batch, never one per delivery. Receivers see what the exports show and no more:
 * tutors only as the exports' pseudonyms (never ids, names or emails), and nothing of gold (events of
 * gold tasks are never written, see migration 009).
 */
import { databaseSecret } from '../../store/repositories/settings.js';
import {
  annotationSubjects,
  certificationSubjects,
  generationSubjects,
  projectSubjects,
  reviewSubjects,
  taskSubjects,
} from '../../store/repositories/webhookSubjects.js';
import type { Db } from '../../store/transaction.js';
import { pseudonym } from '../export/annotations.js';

export interface WebhookBody {
  type: string;
  /** When the event happened (ISO 8601), the same on every attempt. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** What a delivery's body is made from: its event, the subject the event stored (JSON), and when it happened. */
export interface EventToRender {
  event: string;
  subject: string;
  created_at: number;
}

type Subject = Record<string, unknown>;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const parse = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown));

/** Which subject id each event names, and how its row becomes the payload's data (the subject itself when the row is gone). */
const KINDS = {
  'annotation.submitted': {
    key: 'annotationId',
    read: annotationSubjects,
    data: (a: RowOf<typeof annotationSubjects>, secret: string) => ({
      annotationId: a.id,
      projectId: a.projectId,
      taskId: a.taskId,
      domain: a.domain,
      tutor: pseudonym(secret, a.userId),
      tier: a.tier,
      response: parse(a.response),
      durationMs: a.durationMs,
      correction: a.supersedesId !== null,
      submittedAt: iso(a.createdAt),
    }),
  },
  'task.completed': {
    key: 'taskId',
    read: taskSubjects,
    data: (t: RowOf<typeof taskSubjects>) => ({ projectId: t.projectId, taskId: t.externalId, domain: t.domain, judgments: t.judgments }),
  },
  'project.completed': {
    key: 'projectId',
    read: projectSubjects,
    data: (p: RowOf<typeof projectSubjects>) => ({ projectId: p.id, name: p.name, type: p.type }),
  },
  'review.decided': {
    key: 'reviewId',
    read: reviewSubjects,
    data: (r: RowOf<typeof reviewSubjects>) => ({ ...r, verdict: parse(r.verdict), decidedAt: iso(r.decidedAt) }),
  },
  'certification.granted': { key: 'certificationId', read: certificationSubjects, data: certificationData },
  'certification.suspended': { key: 'certificationId', read: certificationSubjects, data: certificationData },
  'generation.finished': {
    key: 'jobId',
    read: generationSubjects,
    data: (g: RowOf<typeof generationSubjects>) => ({
      jobId: g.id,
      projectId: g.projectId,
      state: g.state,
      error: g.error,
      responses: g.responses,
    }),
  },
} as const;
// import.finished, export.ready: the subject is the payload (counts and names, written by the event).

type RowOf<F extends (db: Db, ids: number[]) => Promise<Map<number, unknown>>> =
  Awaited<ReturnType<F>> extends Map<number, infer R> ? R : never;

function certificationData(c: RowOf<typeof certificationSubjects>, secret: string) {
  return {
    certificationId: c.id,
    tutor: pseudonym(secret, c.userId),
    domain: c.domain,
    level: c.level,
    source: c.source,
    grantedAt: iso(c.grantedAt),
    suspendedAt: iso(c.revokedAt),
  };
}

type Kind = (typeof KINDS)[keyof typeof KINDS];
const kindOf = (event: string): Kind | undefined => (KINDS as Record<string, Kind>)[event];

/** Renders each event's body (in order): one read per kind of subject in the batch. */
export async function renderWebhookBodies(db: Db, events: readonly EventToRender[]): Promise<WebhookBody[]> {
  const subjects = events.map((e) => JSON.parse(e.subject) as Subject);
  // The ids each reader is asked for (certification.granted and .suspended share one).
  const wanted = new Map<Kind['read'], Set<number>>();
  for (const [i, e] of events.entries()) {
    const kind = kindOf(e.event);
    if (!kind) continue;
    const ids = wanted.get(kind.read) ?? new Set<number>();
    wanted.set(kind.read, ids.add(Number(subjects[i]![kind.key])));
  }
  const rows = new Map<Kind['read'], Map<number, unknown>>();
  for (const [read, ids] of wanted) rows.set(read, await read(db, [...ids]));
  const secret = wanted.size > 0 ? await databaseSecret(db) : '';
  return events.map((e, i) => {
    const s = subjects[i]!;
    const kind = kindOf(e.event);
    const row = kind && rows.get(kind.read)?.get(Number(s[kind.key]));
    return {
      type: e.event,
      timestamp: new Date(Number(e.created_at)).toISOString(),
      data: kind && row ? (kind.data as (r: unknown, secret: string) => Record<string, unknown>)(row, secret) : s,
    };
  });
}

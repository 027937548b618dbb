/**
 * The body of a webhook: `{ type, timestamp, data }` as the Standard Webhooks specification suggests.
 * Rendered from the event's subject (internal ids) at delivery. Receivers see what the exports show and
 * no more: tutors only as the exports' pseudonyms (never ids, names or emails), and nothing of gold
 * (events of gold tasks are never written, see migration 009).
 */
import { databaseSecret } from '../../store/repositories/settings.js';
import {
  annotationSubject,
  certificationSubject,
  generationSubject,
  projectSubject,
  reviewSubject,
  taskSubject,
} from '../../store/repositories/webhookSubjects.js';
import type { Db } from '../../store/transaction.js';
import { pseudonym } from '../export/annotations.js';

export interface WebhookBody {
  type: string;
  /** When the event happened (ISO 8601), the same on every attempt. */
  timestamp: string;
  data: Record<string, unknown>;
}

type Subject = Record<string, unknown>;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const parse = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown));

async function dataOf(db: Db, event: string, s: Subject): Promise<Record<string, unknown>> {
  switch (event) {
    case 'annotation.submitted': {
      const a = await annotationSubject(db, Number(s.annotationId));
      if (!a) return s;
      return {
        annotationId: a.id,
        projectId: a.projectId,
        taskId: a.taskId,
        domain: a.domain,
        tutor: pseudonym(await databaseSecret(db), a.userId),
        tier: a.tier,
        response: parse(a.response),
        durationMs: a.durationMs,
        correction: a.supersedesId !== null,
        submittedAt: iso(a.createdAt),
      };
    }
    case 'task.completed': {
      const t = await taskSubject(db, Number(s.taskId));
      return t ? { projectId: t.projectId, taskId: t.externalId, domain: t.domain, judgments: t.judgments } : s;
    }
    case 'project.completed': {
      const p = await projectSubject(db, Number(s.projectId));
      return p ? { projectId: p.id, name: p.name, type: p.type } : s;
    }
    case 'review.decided': {
      const r = await reviewSubject(db, Number(s.reviewId));
      if (!r) return s;
      return { ...r, verdict: parse(r.verdict), decidedAt: iso(r.decidedAt) };
    }
    case 'certification.granted':
    case 'certification.suspended': {
      const c = await certificationSubject(db, Number(s.certificationId));
      if (!c) return s;
      return {
        certificationId: c.id,
        tutor: pseudonym(await databaseSecret(db), c.userId),
        domain: c.domain,
        level: c.level,
        source: c.source,
        grantedAt: iso(c.grantedAt),
        suspendedAt: iso(c.revokedAt),
      };
    }
    case 'generation.finished': {
      const g = await generationSubject(db, Number(s.jobId));
      return g ? { jobId: g.id, projectId: g.projectId, state: g.state, error: g.error, responses: g.responses } : s;
    }
    default:
      // import.finished, export.ready: the subject is the payload (counts and names, written by the event).
      return s;
  }
}

export async function renderWebhookBody(db: Db, event: string, subjectJson: string, createdAt: number): Promise<WebhookBody> {
  return {
    type: event,
    timestamp: new Date(Number(createdAt)).toISOString(),
    data: await dataOf(db, event, JSON.parse(subjectJson) as Subject),
  };
}

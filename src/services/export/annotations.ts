/**
 * `annotations`: every annotation on non-gold tasks, in order: task id, a pseudonymous tutor id
 * (HMAC of the user id under the per-database secret: stable within a database, never the email or
 * the raw id), the tutor's tier, the domain, the response (a JSON string: its shape is the task type's),
 * the rationale, time spent, whether it corrects an earlier one, and the task's stored consensus.
 */
import { createHmac } from 'node:crypto';
import { annotationsPage } from '../../store/repositories/annotations.js';
import type { Db } from '../../store/transaction.js';
import { consensusMeta, type Row } from './pages.js';

/** Annotations per page: rows are small, and fewer round trips matter on PostgreSQL. */
const ANNOTATION_PAGE = 2000;

export function pseudonym(secret: string, userId: number): string {
  return `t_${createHmac('sha256', secret).update(`tutor:${userId}`).digest('hex').slice(0, 16)}`;
}

export async function* annotationRows(db: Db, projectId: number, secret: string): AsyncGenerator<Row> {
  // One HMAC per tutor, not per line.
  const pseudonyms = new Map<number, string>();
  const tutor = (userId: number) => pseudonyms.get(userId) ?? pseudonyms.set(userId, pseudonym(secret, userId)).get(userId)!;
  let after = 0;
  for (;;) {
    const rows = await annotationsPage(db, projectId, after, ANNOTATION_PAGE);
    if (rows.length === 0) return;
    for (const r of rows) {
      // Most responses carry no rationale: parse only those that may.
      const response = r.response.includes('"rationale"') ? (JSON.parse(r.response) as { rationale?: string }) : {};
      yield {
        taskId: r.externalId,
        tutor: tutor(r.userId),
        tier: r.tier,
        domain: r.domain,
        response: r.response,
        rationale: typeof response.rationale === 'string' ? response.rationale : null,
        durationMs: r.durationMs,
        createdAt: new Date(Number(r.createdAt)).toISOString(),
        correction: r.supersedesId !== null,
        taskConsensus: r.consensus ? consensusMeta(r.consensus) : null,
      };
    }
    after = rows[rows.length - 1].id;
  }
}
